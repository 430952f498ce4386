import { summarizeFailure } from '../checks/index.js';
import {
  createLessonRun,
  isDeclaredOutput,
  type DeclaredOutput,
  type ProbedCheck,
  type RunEvent,
} from '../engine/index.js';
import type { Lesson, SourcePos, Step } from '../lesson/index.js';
import type { Redactor } from '../secrets/index.js';
import type { TargetSession } from '../targets/index.js';

/**
 * What verify found for one property of one check:
 * `yes` it holds; `no` it does not; `declared` the lesson says it cannot hold (`holds-before`);
 * `not-reached` verify never got there (an earlier step failed); `n/a` it does not apply.
 */
export type Verdict = 'yes' | 'no' | 'declared' | 'not-reached' | 'n/a';

export interface CheckVerification {
  readonly step: number;
  readonly stepId: string;
  readonly stepTitle: string;
  readonly blockId: string;
  readonly name: string;
  readonly source: SourcePos;
  /** The check failed before its step's commands ran (it proves the step did something). */
  readonly failsBefore: Verdict;
  /** The check passed when the lesson ran the step. */
  readonly passesAfter: Verdict;
  /** A check of the first step fails again after the clean-up: the target is back where it started. */
  readonly cleanedUp: Verdict;
  /** What went wrong, one sentence each; empty when the check is proven. */
  readonly problems: readonly string[];
}

export interface LessonVerification {
  readonly lessonId: string;
  readonly title: string;
  readonly file: string;
  readonly target: string;
  readonly checks: readonly CheckVerification[];
  /** A step whose commands did not go through, or a fault before any step ran: verify stops there. */
  readonly fault?: { readonly step?: string; readonly message: string; readonly hint: string };
  readonly durationMs: number;
}

export interface VerifyLessonOptions {
  /** Projected to the target. */
  readonly lesson: Lesson;
  readonly target: TargetSession;
  readonly workdir: string;
  readonly fixturesDir: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly redactor?: Redactor;
  /**
   * Run the steps once more after the clean-up, so lessons after this one find the state they
   * build on (lessons chain: the consumers lesson needs the key-auth lesson's plugin on kind).
   */
  readonly restoreAfter?: boolean;
  /** Every run event, for a live log. */
  readonly onEvent?: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * Proves a lesson's checks on a target. Step by step, from where the target is: the step's
 * checks first (each must fail, or be declared `holds-before`), then the step itself (each
 * check must pass), then the next step, so every step starts from exactly the state the lesson
 * left before it. At the end the clean-up runs and the first step's checks must fail again.
 */
export async function verifyLesson(options: VerifyLessonOptions): Promise<LessonVerification> {
  const { lesson } = options;
  const started = performance.now();
  const run = await createLessonRun({
    lesson,
    target: options.target,
    mode: 'run',
    workdir: options.workdir,
    fixturesDir: options.fixturesDir,
    vars: options.vars,
    secrets: options.secrets,
    redactor: options.redactor,
    includeCleanup: true,
  });
  const passedAfter = new Map<string, boolean>();
  const finished = new Map<number, Extract<RunEvent, { type: 'step-finished' }>>();
  const failing = new Map<number, string>();
  let restoring = false;
  run.subscribe((event) => {
    options.onEvent?.(event);
    if (restoring) return;
    if (event.type === 'check-finished') {
      passedAfter.set(`${event.step}/${event.blockId}`, event.result.status === 'passed');
      if (event.result.status !== 'passed') failing.set(event.step, summarizeFailure(event.result));
    }
  });
  run.subscribe((event) => {
    if (event.type === 'step-finished') finished.set(event.step, event);
  });

  const before = new Map<string, ProbedCheck>();
  const after = new Map<string, ProbedCheck>();
  let fault: LessonVerification['fault'];
  let reached = 0;
  const startFault = await run.start();
  if (startFault) fault = { message: startFault.message, hint: startFault.hint };
  try {
    for (let index = 0; !fault && index < lesson.steps.length; index++) {
      const step = lesson.steps[index];
      if (!step) break;
      for (const probe of await run.probeChecks(index, options.signal)) before.set(`${index}/${probe.block.id}`, probe);
      reached = index + 1;
      const status = await run.runStep(index);
      if (status !== 'passed') {
        const event = finished.get(index);
        const why = event?.fault ?? {
          message: failing.get(index) ?? `the step ${status}`,
          hint: 'run the lesson with `kong-workshop run` to see the step fail with its output',
        };
        fault = { step: step.id, message: why.message, hint: why.hint };
      }
    }
    if (lesson.cleanup) {
      await run.runStep(lesson.steps.length);
      const first = lesson.steps.findIndex((step) => step.blocks.some((block) => block.type === 'check'));
      if (first >= 0 && first < reached) {
        for (const probe of await probeUntilFailed(run, first, options.signal)) after.set(probe.block.id, probe);
      }
      if (options.restoreAfter && !fault) {
        restoring = true;
        for (let index = 0; index < lesson.steps.length; index++) {
          const status = await run.runStep(index);
          if (status === 'passed') continue;
          const why = finished.get(index)?.fault;
          fault = {
            step: lesson.steps[index]?.id,
            message: `running the lesson again after its clean-up failed${why ? `: ${why.message}` : ''}`,
            hint: 'the lessons after this one build on its state; run it with `kong-workshop run` to see why',
          };
          break;
        }
      }
    }
  } finally {
    await run.finish();
  }

  const firstWithChecks = lesson.steps.findIndex((step) => step.blocks.some((block) => block.type === 'check'));
  const checks: CheckVerification[] = [];
  lesson.steps.forEach((step, index) => {
    for (const block of step.blocks) {
      if (isDeclaredOutput(block)) {
        checks.push(outputVerification(index, step, block, passedAfter.get(`${index}/${block.id}`)));
        continue;
      }
      if (block.type !== 'check') continue;
      const key = `${index}/${block.id}`;
      const probe = before.get(key);
      const failsBefore: Verdict = block.holdsBefore
        ? 'declared'
        : !probe
          ? 'not-reached'
          : probe.result?.status === 'passed'
            ? 'no'
            : 'yes';
      const passed = passedAfter.get(key);
      const passesAfter: Verdict = passed === undefined ? 'not-reached' : passed ? 'yes' : 'no';
      const cleanup = after.get(block.id);
      const cleanedUp: Verdict =
        index !== firstWithChecks || !lesson.cleanup || block.holdsBefore
          ? 'n/a'
          : !cleanup
            ? 'not-reached'
            : cleanup.result?.status === 'passed'
              ? 'no'
              : 'yes';
      checks.push({
        step: index,
        stepId: step.id,
        stepTitle: step.title,
        blockId: block.id,
        name: block.name,
        source: block.source,
        failsBefore,
        passesAfter,
        cleanedUp,
        problems: problemsOf(step.title, failsBefore, passesAfter, cleanedUp),
      });
    }
  });
  return {
    lessonId: lesson.id,
    title: lesson.title,
    file: lesson.file,
    target: options.target.name,
    checks,
    ...(fault ? { fault } : {}),
    durationMs: performance.now() - started,
  };
}

/**
 * An `output match=…` block compares what its command printed: before the step there is no
 * output to fail, and a clean-up does not unprint it, so only `passes-after` applies.
 */
function outputVerification(
  index: number,
  step: Step,
  block: DeclaredOutput,
  passed: boolean | undefined,
): CheckVerification {
  const passesAfter: Verdict = passed === undefined ? 'not-reached' : passed ? 'yes' : 'no';
  return {
    step: index,
    stepId: step.id,
    stepTitle: step.title,
    blockId: block.id,
    name: `output as shown (match=${block.expect.match})`,
    source: block.source,
    failsBefore: 'n/a',
    passesAfter,
    cleanedUp: 'n/a',
    problems: problemsOf(step.title, 'n/a', passesAfter, 'n/a'),
  };
}

/**
 * The first step's checks after the clean-up. Clean-ups on Kubernetes settle over time, so a
 * check that still passes is asked again, for as long as its `eventually` would wait for it.
 */
async function probeUntilFailed(
  run: Awaited<ReturnType<typeof createLessonRun>>,
  step: number,
  signal: AbortSignal | undefined,
): Promise<ProbedCheck[]> {
  let probes = await run.probeChecks(step, signal);
  const patience = Math.max(0, ...probes.map((probe) => probe.block.spec.eventually?.timeoutMs ?? 0));
  const interval = Math.min(...probes.map((probe) => probe.block.spec.eventually?.intervalMs ?? 1000), 1000);
  const deadline = performance.now() + patience;
  while (stillPassing(probes) && performance.now() < deadline && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, interval));
    probes = await run.probeChecks(step, signal);
  }
  return probes;
}

function stillPassing(probes: readonly ProbedCheck[]): boolean {
  return probes.some((probe) => !probe.block.holdsBefore && probe.result?.status === 'passed');
}

function problemsOf(stepTitle: string, failsBefore: Verdict, passesAfter: Verdict, cleanedUp: Verdict): string[] {
  const problems: string[] = [];
  if (failsBefore === 'no')
    problems.push(
      `proves nothing here: it already passes before the step "${stepTitle}" runs; ` +
        'make it expect what only the step brings about, or mark a read-only fact with ```check holds-before',
    );
  if (failsBefore === 'not-reached' || passesAfter === 'not-reached')
    problems.push('not verified: an earlier step did not go through');
  else if (passesAfter === 'no') problems.push(`fails after the step "${stepTitle}" ran`);
  if (cleanedUp === 'no')
    problems.push('still passes after the clean-up: the clean-up does not undo what the first step did');
  if (cleanedUp === 'not-reached' && passesAfter !== 'not-reached') problems.push('not verified after the clean-up');
  return problems;
}
