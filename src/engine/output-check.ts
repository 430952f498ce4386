import { judgeOutput, type CheckResult } from '../checks/index.js';
import { InterpolationError, type DisplayBlock, type OutputExpectation } from '../lesson/index.js';
import type { BlockOutcome } from './blocks.js';
import type { RunEvent } from './events.js';
import type { VariableStore } from './variables.js';

export type DeclaredOutput = DisplayBlock & { readonly expect: OutputExpectation };

export function isDeclaredOutput(block: { readonly type: string }): block is DeclaredOutput {
  return block.type === 'display' && 'expect' in block && block.expect !== undefined;
}

/**
 * Judges an `output match=…` block against what the run block before it printed, reported as a
 * check (started, finished, at the output block's position). `stdout` is undefined when that
 * command did not succeed: the comparison is then reported as not run rather than left out.
 */
export function checkDeclaredOutput(
  block: DeclaredOutput,
  stdout: string | undefined,
  context: { readonly step: number; readonly variables: VariableStore; readonly emit: (event: RunEvent) => void },
): BlockOutcome {
  const { step, emit } = context;
  const name = `output as shown (match=${block.expect.match})`;
  const common = { step, blockId: block.id, name, source: block.source };
  emit({ type: 'check-started', ...common, kind: 'cmd', repeat: 1 });
  let result: CheckResult;
  if (stdout === undefined) {
    result = notJudged(
      'not run: the command before it did not succeed',
      'fix the command; its output is compared then',
    );
  } else {
    try {
      result = judgeOutput(block.expect, stdout, context.variables.lookup);
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      result = notJudged(error.message, error.hint, 'undefined-variable');
    }
  }
  emit({ type: 'check-finished', ...common, result });
  if (result.status === 'passed') return { status: 'passed' };
  return result.status === 'failed' ? { status: 'failed' } : { status: 'error', fault: result.fault };
}

function notJudged(message: string, hint: string, code: 'not-run' | 'undefined-variable' = 'not-run'): CheckResult {
  return {
    kind: 'cmd',
    status: 'error',
    expectations: [],
    attempts: 0,
    durationMs: 0,
    extracted: {},
    fault: { code, message, hint },
  };
}
