import type { ShellSession } from '../exec/index.js';
import { JsonPathError, parseJsonPath, readJsonPath, type CommandCheckSpec, type JsonPath } from '../lesson/index.js';
import { formatDuration } from '../shared/index.js';
import { compileExpectation, type CompiledExpectation } from './matchers.js';
import { cancelledFault } from './cancelled.js';
import { settleCheck } from './settle.js';
import { pollUntilDone, type AttemptOutcome } from './poll.js';
import { describeFailure } from './summary.js';
import type { CheckContext, CheckResult, ExpectationResult, Fault } from './types.js';

interface CommandOutcome {
  readonly expectations: readonly ExpectationResult[];
  readonly fault?: Fault;
}

interface OutputExpectations {
  readonly stdout?: CompiledExpectation;
  readonly stderr?: CompiledExpectation;
  readonly lines?: CompiledExpectation;
  readonly json: readonly { readonly path: JsonPath; readonly expectation: CompiledExpectation }[];
}

/**
 * Runs a `check cmd` in the lesson's shell session (so its exports and `cd` apply) and tests
 * the exit code, stdout and stderr. Output is compared without trailing whitespace, so a plain
 * `stdout: running` matches `running\n`.
 */
export async function evaluateCommandCheck(spec: CommandCheckSpec, context: CheckContext = {}): Promise<CheckResult> {
  const started = performance.now();
  const { shell } = context;
  if (!shell) return settleCheck('cmd', { expectations: [], fault: noShellFault() }, 0, started);
  if (context.signal?.aborted) return settleCheck('cmd', { expectations: [], fault: cancelledFault() }, 0, started);

  let json: OutputExpectations['json'];
  try {
    json = Object.entries(spec.json ?? {}).map(([path, expectation]) => ({
      path: parseJsonPath(path),
      expectation: compileExpectation(expectation, 'json'),
    }));
  } catch (error) {
    if (!(error instanceof JsonPathError)) throw error;
    const fault: Fault = { code: 'internal', message: `not a JSON path: ${error.message}`, hint: error.hint };
    return settleCheck('cmd', { expectations: [], fault }, 0, started);
  }
  const output: OutputExpectations = {
    ...(spec.stdout ? { stdout: compileExpectation(spec.stdout, 'text') } : {}),
    ...(spec.stderr ? { stderr: compileExpectation(spec.stderr, 'text') } : {}),
    ...(spec.lines ? { lines: compileExpectation(spec.lines, 'json') } : {}),
    json,
  };
  const polled = await pollUntilDone(() => runOnce(spec, shell, output, context), spec.eventually, {
    signal: context.signal,
    onProgress: context.onProgress,
  });
  const outcome = polled.cancelled && !polled.value.fault ? { ...polled.value, fault: cancelledFault() } : polled.value;
  return settleCheck('cmd', outcome, polled.attempts, started);
}

async function runOnce(
  spec: CommandCheckSpec,
  shell: ShellSession,
  output: OutputExpectations,
  context: CheckContext,
): Promise<AttemptOutcome<CommandOutcome>> {
  const ran = await shell.run(spec.command, {
    timeoutMs: spec.timeoutMs,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.onLine ? { onLine: context.onLine } : {}),
  });
  if (ran.cancelled) return { done: true, value: { expectations: [], fault: cancelledFault() } };

  const expected = String(spec.exit);
  const expectations: ExpectationResult[] = [
    ran.timedOut
      ? {
          subject: 'exit code',
          passed: false,
          expected,
          actual: `(still running after ${formatDuration(spec.timeoutMs)}; stopped)`,
        }
      : { subject: 'exit code', passed: ran.exitCode === spec.exit, expected, actual: String(ran.exitCode) },
  ];
  if (output.stdout) expectations.push(outputResult('stdout', ran.stdout, output.stdout));
  if (output.stderr) expectations.push(outputResult('stderr', ran.stderr, output.stderr));
  if (output.lines) {
    const text = ran.stdout.replace(/\r?\n$/, '');
    const count = text === '' ? 0 : text.split(/\r?\n/).length;
    const outcome = output.lines.check(count);
    expectations.push({ subject: 'stdout lines', ...outcome, source: output.lines.source });
  }
  if (output.json.length > 0) {
    const parsed = parseJson(ran.stdout);
    for (const { path, expectation } of output.json) {
      const outcome = parsed.ok ? expectation.check(readJsonPath(parsed.value, path)) : undefined;
      expectations.push({
        subject: `stdout json ${path.source}`,
        passed: outcome?.passed ?? false,
        expected: expectation.expected,
        actual: outcome?.actual ?? parsed.problem ?? '',
        source: expectation.source,
      });
    }
  }

  const firstFailure = expectations.find((expectation) => !expectation.passed);
  return firstFailure
    ? { done: false, value: { expectations }, failure: describeFailure(firstFailure) }
    : { done: true, value: { expectations } };
}

function outputResult(subject: 'stdout' | 'stderr', text: string, expectation: CompiledExpectation): ExpectationResult {
  const outcome = expectation.check(text.trimEnd());
  return {
    subject,
    passed: outcome.passed,
    expected: outcome.expected,
    actual: outcome.actual,
    source: expectation.source,
  };
}

function parseJson(text: string): { ok: true; value: unknown; problem?: undefined } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const excerpt = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    return { ok: false, problem: `(stdout is not JSON: ${JSON.stringify(excerpt)})` };
  }
}

function noShellFault(): Fault {
  return {
    code: 'internal',
    message: 'a command check needs the lesson shell session, and none was given',
    hint: 'this is a bug in kong-workshop: please report it',
  };
}
