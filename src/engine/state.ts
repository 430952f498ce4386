import type { CheckResult } from '../checks/index.js';
import type { CheckKind, SourcePos, TargetName } from '../lesson/index.js';
import { assertNever } from '../shared/index.js';
import type { RunEvent, RunMode, StepStatus } from './events.js';
import { earn, earnedFromRecord, firstUnpassedBefore, type Earned } from './progress.js';

/** Lines of output kept per command for screens and reports; the full output is in the result. */
export const OUTPUT_LINES_KEPT = 500;

/** What a step list shows: what the step has earned, or that it runs right now. */
export type StepProgress = 'running' | Earned;

export interface CommandItem {
  readonly kind: 'command';
  readonly blockId: string;
  readonly command: string;
  readonly purpose: 'run' | 'check';
  readonly status: 'running' | 'ok' | 'failed' | 'timed-out' | 'cancelled';
  readonly exitCode?: number;
  readonly expectedExit?: number;
  readonly durationMs?: number;
  readonly output: readonly { readonly stream: 'stdout' | 'stderr'; readonly line: string }[];
  /** Lines dropped from the front of `output` to keep it bounded. */
  readonly droppedLines: number;
}

export interface CheckItem {
  readonly kind: 'check';
  readonly blockId: string;
  readonly name: string;
  readonly checkKind: CheckKind;
  readonly status: 'running' | 'passed' | 'failed' | 'error';
  readonly repeat: number;
  readonly timeoutMs?: number;
  readonly source: SourcePos;
  /** The latest polling attempt, while `eventually` polls. */
  readonly attempt?: {
    readonly number: number;
    readonly elapsedMs: number;
    readonly timeoutMs: number;
    readonly lastFailure?: string;
  };
  /**
   * The latest request sent, as sent (secrets masked): what a screen shows the room, and whose
   * credential a rate-limit chart counts it under.
   */
  readonly request?: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
  };
  /** Responses of the current attempt of a sequence, for live charts. */
  readonly responses: readonly {
    readonly status: number;
    readonly passed: boolean;
    readonly rateLimit: Readonly<Record<string, string>>;
  }[];
  readonly result?: CheckResult;
}

export interface FileItem {
  readonly kind: 'file';
  readonly blockId: string;
  readonly path: string;
}

export interface CaptureItem {
  readonly kind: 'capture';
  readonly blockId: string;
  readonly name: string;
  readonly value: string;
  readonly secret: boolean;
}

export type StepItem = CommandItem | CheckItem | FileItem | CaptureItem;

export interface StepState {
  readonly id: string;
  readonly title: string;
  /** This session's latest attempt: `pending` until one starts. */
  readonly status: 'pending' | 'running' | StepStatus;
  /** What the step has earned across attempts and sessions (see progress.ts): what every face counts. */
  readonly earned: Earned;
  readonly mode?: RunMode;
  readonly durationMs?: number;
  readonly fault?: { readonly code: string; readonly message: string; readonly hint: string };
  readonly items: readonly StepItem[];
}

export interface RunState {
  readonly lessonId: string;
  readonly title: string;
  readonly file: string;
  readonly target?: TargetName;
  readonly targetDescription: string;
  readonly mode: RunMode;
  readonly status: 'idle' | 'running' | 'passed' | 'failed' | 'error' | 'cancelled';
  readonly currentStep?: number;
  readonly steps: readonly StepState[];
  readonly durationMs?: number;
}

export const initialRunState: RunState = {
  lessonId: '',
  title: '',
  file: '',
  targetDescription: '',
  mode: 'run',
  status: 'idle',
  steps: [],
};

/**
 * The one pure function every face uses to turn the event stream into what to show. It never
 * mutates: the TUI can keep old states, the reporters can fold a whole run.
 */
export function reduce(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'lesson-started':
      return {
        lessonId: event.lessonId,
        title: event.title,
        file: event.file,
        target: event.target,
        targetDescription: event.targetDescription,
        mode: event.mode,
        status: 'running',
        steps: event.steps.map((step) => ({
          id: step.id,
          title: step.title,
          status: 'pending',
          earned: earnedFromRecord(step.earlier),
          items: [],
        })),
      };
    case 'step-started':
      return updateStep({ ...state, currentStep: event.step }, event.step, (step) => ({
        ...step,
        status: 'running',
        mode: event.mode,
        durationMs: undefined,
        fault: undefined,
        // Re-checking keeps the commands' output on screen; running again starts afresh.
        items: event.mode === 'check' ? step.items.filter((item) => item.kind !== 'check') : [],
      }));
    case 'file-written':
      return appendItem(state, event.step, { kind: 'file', blockId: event.blockId, path: event.path });
    case 'command-started':
      return appendItem(state, event.step, {
        kind: 'command',
        blockId: event.blockId,
        command: event.command,
        purpose: event.purpose,
        status: 'running',
        output: [],
        droppedLines: 0,
      });
    case 'output':
      return updateItem(state, event.step, event.blockId, 'command', (item) => {
        const output = [...item.output, { stream: event.stream, line: event.line }];
        const excess = Math.max(0, output.length - OUTPUT_LINES_KEPT);
        return { ...item, output: excess ? output.slice(excess) : output, droppedLines: item.droppedLines + excess };
      });
    case 'command-finished':
      return updateItem(state, event.step, event.blockId, 'command', (item) => ({
        ...item,
        status: event.cancelled ? 'cancelled' : event.timedOut ? 'timed-out' : event.ok ? 'ok' : 'failed',
        exitCode: event.exitCode,
        expectedExit: event.expectedExit,
        durationMs: event.durationMs,
      }));
    case 'variable-captured':
      return appendItem(state, event.step, {
        kind: 'capture',
        blockId: event.blockId,
        name: event.name,
        value: event.value,
        secret: event.secret,
      });
    case 'check-started':
      return appendItem(state, event.step, {
        kind: 'check',
        blockId: event.blockId,
        name: event.name,
        checkKind: event.kind,
        status: 'running',
        repeat: event.repeat,
        timeoutMs: event.timeoutMs,
        source: event.source,
        responses: [],
      });
    case 'check-progress':
      return updateItem(state, event.step, event.blockId, 'check', (item) => {
        const progress = event.progress;
        if (progress.type === 'attempt') {
          return {
            ...item,
            responses: [],
            attempt: {
              number: progress.attempt,
              elapsedMs: progress.elapsedMs,
              timeoutMs: progress.timeoutMs,
              lastFailure: progress.lastFailure,
            },
          };
        }
        const exchange = progress.exchange;
        return {
          ...item,
          ...(exchange
            ? { request: { method: exchange.method, url: exchange.url, headers: exchange.requestHeaders } }
            : {}),
          responses: [
            ...item.responses,
            { status: progress.status, passed: progress.passed, rateLimit: progress.rateLimit },
          ],
        };
      });
    case 'check-finished':
      return updateItem(state, event.step, event.blockId, 'check', (item) => ({
        ...item,
        status: event.result.status,
        result: event.result,
      }));
    case 'step-finished':
      return updateStep(state, event.step, (step) => ({
        ...step,
        status: event.status,
        earned: earn(step.earned, event.attempt ?? step.mode ?? 'run', event.status),
        durationMs: event.durationMs,
        fault: event.fault,
      }));
    case 'lesson-finished':
      return { ...state, status: event.status, durationMs: event.durationMs, currentStep: undefined };
    default:
      return assertNever(event);
  }
}

function updateStep(state: RunState, index: number, update: (step: StepState) => StepState): RunState {
  const step = state.steps[index];
  if (!step) return state;
  const steps = state.steps.slice();
  steps[index] = update(step);
  return { ...state, steps };
}

function appendItem(state: RunState, index: number, item: StepItem): RunState {
  return updateStep(state, index, (step) => ({ ...step, items: [...step.items, item] }));
}

function updateItem<K extends StepItem['kind']>(
  state: RunState,
  index: number,
  blockId: string,
  kind: K,
  update: (item: Extract<StepItem, { kind: K }>) => StepItem,
): RunState {
  return updateStep(state, index, (step) => {
    // The latest item for a block is the live one (a re-run appends a new one).
    const position = step.items.findLastIndex((item) => item.blockId === blockId && item.kind === kind);
    if (position < 0) return step;
    const items = step.items.slice();
    items[position] = update(items[position] as Extract<StepItem, { kind: K }>);
    return { ...step, items };
  });
}

/** What each step shows on a step list: running, or what it has earned. */
export function stepProgress(state: RunState): StepProgress[] {
  return state.steps.map((step) => (step.status === 'running' ? 'running' : step.earned));
}

/** Counts of steps by final status, for summaries. */
export function countSteps(state: RunState): Record<StepStatus, number> {
  const counts: Record<StepStatus, number> = { passed: 0, failed: 0, error: 0, skipped: 0, cancelled: 0 };
  for (const step of state.steps) {
    if (step.status !== 'pending' && step.status !== 'running') counts[step.status]++;
  }
  return counts;
}

/**
 * For a failed step: the earliest earlier step that has not passed, worded for a hint ("step 1,
 * “Create alex”, was skipped"), since the failure is most likely its consequence. Every face
 * names it first, before the step's own hint.
 */
export function earlierStepNote(state: RunState, index: number): string | undefined {
  const at = firstUnpassedBefore(
    state.steps.map((step) => step.earned),
    index,
  );
  const step = at === undefined ? undefined : state.steps[at];
  if (at === undefined || !step) return undefined;
  const how =
    step.earned === 'skipped'
      ? 'was skipped'
      : step.earned === 'pending'
        ? 'has not been done'
        : step.earned === 'cancelled'
          ? 'was stopped'
          : 'has not passed';
  return `step ${at + 1}, “${step.title}”, ${how}: this step builds on it, so do that one first`;
}
