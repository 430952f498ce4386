import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckResult, CookieJar } from '../checks/index.js';
import type { ShellSession } from '../exec/index.js';
import { interpolate, interpolateDeep, type CheckBlock, type FileBlock, type RunBlock } from '../lesson/index.js';
import { formatDuration, errorMessage, errorCode } from '../shared/index.js';
import type { TargetSession } from '../targets/index.js';
import { confineWrite } from '../trust/index.js';
import { evaluateCheck, type RequestPolicy } from './evaluate.js';
import { sandboxClockAdvancer } from './sandbox-clock.js';
import type { RunEvent } from './events.js';
import type { VariableStore } from './variables.js';

/** Something outside the lesson's checks went wrong, with what to do about it. */
export interface RunFault {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

export type BlockOutcome =
  | {
      readonly status: 'passed';
      readonly fault?: undefined;
      /** A run block's standard output, for an `output match=…` block after it. */
      readonly stdout?: string;
    }
  | { readonly status: 'failed' | 'error' | 'cancelled'; readonly fault?: RunFault; readonly stdout?: undefined };

/** A `run` block's command about to start, as it will run (secrets masked). */
export interface PendingCommand {
  readonly step: number;
  readonly blockId: string;
  readonly command: string;
}

export interface BlockContext {
  readonly step: number;
  readonly shell: ShellSession;
  readonly target: TargetSession;
  readonly variables: VariableStore;
  readonly workdir: string;
  /** The lesson file's folder: the other place a `file=` block may write to. */
  readonly lessonDir: string;
  /** Where HTTP checks may send requests (the target only, for a lesson nobody trusted). */
  readonly requests: RequestPolicy;
  readonly signal: AbortSignal;
  /** Cookies the step's HTTP checks share. */
  readonly cookies: CookieJar;
  /** Redacts, reduces and publishes. */
  readonly emit: (event: RunEvent) => void;
  /** Awaited before a `run` block's command starts (demo mode types it out here). */
  readonly beforeCommand?: (command: PendingCommand) => Promise<void>;
}

/** Runs one executable block. Lesson mistakes and failed checks come back as outcomes. */
export async function executeBlock(
  block: RunBlock | FileBlock | CheckBlock,
  context: BlockContext,
): Promise<BlockOutcome> {
  try {
    switch (block.type) {
      case 'run':
        return await runCommand(block, context);
      case 'file':
        return await writeLessonFile(block, context);
      case 'check':
        return await runCheck(block, context);
    }
  } catch (error) {
    const code = errorCode(error);
    if (code === 'undefined-variable') {
      return {
        status: 'error',
        fault: {
          code,
          message: errorMessage(error),
          hint: 'give it a value with --var NAME=VALUE, or run the step that captures it first',
        },
      };
    }
    throw error;
  }
}

async function runCommand(block: RunBlock, context: BlockContext): Promise<BlockOutcome> {
  const { step, emit, variables, shell } = context;
  const command = interpolate(block.command, variables.lookup);
  if (context.beforeCommand) {
    await context.beforeCommand({ step, blockId: block.id, command });
    // Stopped while the presenter's screen was still typing it: the command never ran.
    if (context.signal.aborted) return { status: 'cancelled' };
  }
  emit({
    type: 'command-started',
    step,
    blockId: block.id,
    command,
    purpose: 'run',
    timeoutMs: block.timeoutMs,
    source: block.source,
  });

  // A secret capture's stdout is the secret itself: hold those lines until it is registered.
  const held: string[] = [];
  const holdStdout = block.capture?.secret === true;
  const result = await shell.run(command, {
    timeoutMs: block.timeoutMs,
    signal: context.signal,
    onLine: (stream, line) => {
      if (holdStdout && stream === 'stdout') held.push(line);
      else emit({ type: 'output', step, blockId: block.id, stream, line });
    },
  });
  const ok = !result.timedOut && !result.cancelled && result.exitCode === block.expectExit;
  if (block.capture && ok) {
    const value = result.stdout.replace(/\r?\n$/, '');
    variables.set(block.capture.variable, value, { secret: block.capture.secret, origin: 'capture' });
    shell.setVariable(block.capture.variable, value);
  }
  for (const line of held) emit({ type: 'output', step, blockId: block.id, stream: 'stdout', line });
  emit({
    type: 'command-finished',
    step,
    blockId: block.id,
    exitCode: result.exitCode,
    expectedExit: block.expectExit,
    signal: result.signal,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    ok,
  });
  if (block.capture && ok) {
    const { variable, secret } = block.capture;
    emit({
      type: 'variable-captured',
      step,
      blockId: block.id,
      name: variable,
      value: variables.get(variable)!,
      secret,
    });
  }

  if (ok) return { status: 'passed', stdout: result.stdout };
  if (result.cancelled) return { status: 'cancelled' };
  if (result.timedOut) {
    return {
      status: 'error',
      fault: {
        code: 'timeout',
        message: `the command ran longer than ${formatDuration(block.timeoutMs)} and was stopped`,
        hint: 'is the target slow or waiting for input? A lesson can allow longer with timeout= on the block',
      },
    };
  }
  const how =
    result.exitCode === undefined ? `was killed by ${result.signal ?? 'a signal'}` : `exited with ${result.exitCode}`;
  return {
    status: 'error',
    fault: {
      code: 'command-failed',
      message: `the command ${how} (expected ${block.expectExit})`,
      hint: 'its output above says why',
    },
  };
}

async function writeLessonFile(block: FileBlock, context: BlockContext): Promise<BlockOutcome> {
  const lookup = context.variables.lookup;
  const confined = await confineWrite(interpolate(block.path, lookup), context.workdir, context.lessonDir);
  if (confined.refusal !== undefined) {
    const hint = 'write it under {{WORKDIR}} (a relative path without ..) or the lesson folder ({{LESSON_DIR}})';
    return { status: 'error', fault: { code: 'file-outside', message: confined.refusal, hint } };
  }
  const { path } = confined;
  const content = block.raw ? block.content : interpolate(block.content, lookup);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content.endsWith('\n') ? content : `${content}\n`, { mode: block.mode ?? 0o644 });
  context.emit({ type: 'file-written', step: context.step, blockId: block.id, path, source: block.source });
  return { status: 'passed' };
}

async function runCheck(block: CheckBlock, context: BlockContext): Promise<BlockOutcome> {
  const { step, emit, variables } = context;
  const spec = interpolateDeep(block.spec, variables.lookup);
  const name = interpolate(block.name, variables.lookup);
  emit({
    type: 'check-started',
    step,
    blockId: block.id,
    name,
    kind: spec.kind,
    repeat: spec.kind === 'http' ? spec.repeat : 1,
    timeoutMs: spec.eventually?.timeoutMs,
    source: block.source,
  });
  const result: CheckResult = await evaluateCheck(
    spec,
    {
      signal: context.signal,
      onProgress: (progress) => emit({ type: 'check-progress', step, blockId: block.id, progress }),
      shell: context.shell,
      kube: context.target.kube,
      // The sandbox applies a sync before it answers; KIC, the operator and a Kong with a database catch up later.
      appliesConfigAtOnce: context.target.name === 'sandbox',
      cookies: context.cookies,
      advanceClock: sandboxClockAdvancer(context.target),
    },
    context.requests,
  );

  if (result.status === 'passed' && spec.kind === 'http') {
    for (const extraction of spec.extract) {
      const value = result.extracted[extraction.variable];
      if (value === undefined) continue;
      variables.set(extraction.variable, value, { secret: extraction.secret, origin: 'capture' });
      context.shell.setVariable(extraction.variable, value);
    }
  }
  emit({ type: 'check-finished', step, blockId: block.id, name, result, source: block.source });
  for (const [variable, value] of Object.entries(result.extracted)) {
    emit({
      type: 'variable-captured',
      step,
      blockId: block.id,
      name: variable,
      value,
      secret: variables.isSecret(variable),
    });
  }

  switch (result.status) {
    case 'passed':
      return { status: 'passed' };
    case 'failed':
      return { status: 'failed' };
    case 'error':
      return result.fault?.code === 'cancelled'
        ? { status: 'cancelled', fault: result.fault }
        : { status: 'error', fault: result.fault };
  }
}
