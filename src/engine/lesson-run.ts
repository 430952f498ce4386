import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CookieJar, type CheckResult } from '../checks/index.js';
import {
  type Block,
  interpolate,
  interpolateDeep,
  InterpolationError,
  type CheckBlock,
  type CheckSpec,
  type Lesson,
  type Step,
  type VarSpec,
} from '../lesson/index.js';
import { createShellSession, type ShellSession } from '../exec/index.js';
import { Redactor } from '../secrets/index.js';
import type { TargetSession } from '../targets/index.js';
import { isTrusted, targetOrigins } from '../trust/index.js';
import { evaluateCheck, type RequestPolicy } from './evaluate.js';
import { executeBlock, type BlockOutcome, type PendingCommand, type RunFault } from './blocks.js';
import { checkDeclaredOutput, isDeclaredOutput } from './output-check.js';
import type { LessonFinished, RunEvent, RunMode, StepStatus } from './events.js';
import { countSteps, initialRunState, reduce, type RunState } from './state.js';
import { resolveVariable, type Prompter } from './prompting.js';
import { pathWithKongWorkshop } from './tool-path.js';
import { choicesOf, choiceVariable } from './choices.js';
import { chosen } from '../lesson/index.js';
import { VariableStore } from './variables.js';
import { exportedSince, mayExport, sessionEnvironment, startingEnvironment } from './step-exports.js';

export interface LessonRunOptions {
  /** Already projected to the target (see projectLesson). */
  readonly lesson: Lesson;
  readonly target: TargetSession;
  readonly mode: RunMode;
  /** Where file blocks are written and commands start ({{WORKDIR}}). */
  readonly workdir: string;
  readonly fixturesDir: string;
  /** --var values; they win over lesson defaults and target values. */
  readonly vars?: Readonly<Record<string, string>>;
  /** --secret values, and secrets the user entered earlier (the TUI's credentials store). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Non-secret values from saved progress (earlier prompts and captures). */
  readonly restored?: Readonly<Record<string, string>>;
  /**
   * What the steps' commands exported in an earlier session (`export KONG_WORKSHOP_PAT=…`), for
   * the shell only: non-secret ones from progress, secret ones from the credential store.
   */
  readonly restoredExports?: {
    readonly plain?: Readonly<Record<string, string>>;
    readonly secret?: Readonly<Record<string, string>>;
  };
  /** What saved progress says each step (by id) earned in an earlier session: the fold starts from it. */
  readonly earlier?: Readonly<Record<string, StepStatus>>;
  /** Asks the user for a value; absent in headless runs, which never prompt. */
  readonly prompt?: Prompter;
  /** Runs the lesson's `## Clean up` section as a last step. */
  readonly includeCleanup?: boolean;
  readonly redactor?: Redactor;
  /**
   * Awaited before each `run` block's command starts, with the command as it will run (secrets
   * masked). Demo mode types the command out here; the command starts once it resolves, and
   * does not run at all when the step is cancelled meanwhile (the signal says so).
   */
  readonly beforeCommand?: (command: PendingCommand, signal: AbortSignal) => Promise<void>;
  /**
   * The learner trusts this lesson (--trust, a yes at the consent screen): its HTTP checks may go
   * to hosts the target does not declare. Default: lessons that ship with kong-workshop and those
   * trusted in this process (markTrusted).
   */
  readonly trusted?: boolean;
}

export type RunListener = (event: RunEvent) => void;

/** One check evaluated by probeChecks(): its result, or why it could not run yet. */
export type ProbedCheck =
  | { readonly block: CheckBlock; readonly result: CheckResult; readonly fault?: undefined }
  | { readonly block: CheckBlock; readonly result?: undefined; readonly fault: RunFault };

/** A LessonRun whose work folder exists: its shell starts there and its file blocks write there. */
export async function createLessonRun(options: LessonRunOptions): Promise<LessonRun> {
  await mkdir(options.workdir, { recursive: true });
  return new LessonRun(options);
}

/**
 * Runs one lesson against one target, step by step, and reports everything as events. The TUI
 * drives it a step at a time; headless modes call runAll(). It never imports the UI.
 */
export class LessonRun {
  readonly redactor: Redactor;
  readonly variables: VariableStore;
  private readonly listeners = new Set<RunListener>();
  private readonly steps: readonly Step[];
  private shell: ShellSession | undefined;
  private current: AbortController | undefined;
  private stopped = false;
  private runState: RunState;
  private announced = false;
  /** The session's environment when it started, to tell what the commands exported since. */
  private baseline: ReadonlyMap<string, string> | undefined;
  private exported: Readonly<Record<string, string>> = {};
  private exportsKnown = false;
  private readonly startedAt = performance.now();
  private readonly requests: RequestPolicy;

  constructor(private readonly options: LessonRunOptions) {
    this.redactor = options.redactor ?? new Redactor();
    this.variables = new VariableStore(this.redactor);
    const { lesson } = options;
    this.requests =
      (options.trusted ?? isTrusted(lesson.file))
        ? { anywhere: true }
        : { anywhere: false, origins: targetOrigins(options.target.vars) };
    this.steps =
      options.includeCleanup && lesson.cleanup
        ? [...lesson.steps, { ...lesson.cleanup, index: lesson.steps.length }]
        : lesson.steps;
    // Known before start(): a session resumes at, and offers to re-check, what was earned earlier.
    this.runState = reduce(initialRunState, this.startEvent());
  }

  get state(): RunState {
    return this.runState;
  }

  get stepCount(): number {
    return this.steps.length;
  }

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves the lesson's variables (prompting when interactive), opens the shell session and
   * announces the lesson. Returns a fault instead of throwing when a value is missing.
   */
  async start(): Promise<RunFault | undefined> {
    const { lesson, target } = this.options;
    this.seedVariables();
    this.announced = true;
    this.emit(this.startEvent());
    const fault = await this.resolveVariables(lesson.vars);
    if (fault) return fault;
    const env = { PATH: pathWithKongWorkshop(), ...target.env };
    const shell = await createShellSession({ cwd: this.options.workdir, env });
    for (const [name, value] of this.variables) shell.setVariable(name, value);
    this.shell = shell;
    // Before the restored exports, so they count as exports again and are saved again.
    // What the first command sees, worked out here rather than asked of a bash (no spawn per lesson).
    this.baseline = startingEnvironment({ ...process.env, ...env, ...Object.fromEntries(this.variables) });
    const { plain = {}, secret = {} } = this.options.restoredExports ?? {};
    for (const value of Object.values(secret)) this.redactor.add(value);
    for (const [name, value] of Object.entries({ ...plain, ...secret }))
      if (!this.variables.has(name)) shell.setVariable(name, value);
    return undefined;
  }

  /**
   * What the lesson's commands have exported so far and not unset, split into values safe for the
   * progress file and values that hold a secret (a token exported under another name), for the
   * credential store. A re-check in a later session gets them back (`restoredExports`), so a
   * check that reads `$KONG_WORKSHOP_PAT` works there as it did in the step's own shell.
   */
  exportsToSave(): { readonly plain: Record<string, string>; readonly secret: Record<string, string> } | undefined {
    // Nothing ran in this session: what an earlier one saved stays as it is.
    if (!this.exportsKnown) return undefined;
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.exported)) {
      if (this.variables.has(name)) continue;
      if (this.redactor.redact(value) === value) plain[name] = value;
      else secret[name] = value;
    }
    return { plain, secret };
  }

  private async recordExports(): Promise<void> {
    if (!this.shell || !this.baseline) return;
    const now = await sessionEnvironment(this.shell);
    if (!now) return;
    this.exported = exportedSince(this.baseline, now);
    this.exportsKnown = true;
  }

  private startEvent(): RunEvent {
    const { lesson, target, mode, earlier } = this.options;
    return {
      type: 'lesson-started',
      lessonId: lesson.id,
      title: lesson.title,
      file: lesson.file,
      target: target.name,
      targetDescription: target.description,
      mode,
      steps: this.steps.map((step) => ({ id: step.id, title: step.title, earlier: earlier?.[step.id] })),
      at: Date.now(),
    };
  }

  /**
   * The environment the lesson's commands run with (every variable, the target's environment,
   * this kong-workshop on PATH), for the learner's own shell: what they type works as the
   * step's commands would.
   */
  shellEnvironment(): { readonly cwd: string; readonly env: Readonly<Record<string, string>> } {
    const env: Record<string, string> = { PATH: pathWithKongWorkshop(), ...this.options.target.env };
    for (const [name, value] of this.variables) env[name] = value;
    return { cwd: this.options.workdir, env };
  }

  /** Runs a step's files, commands and checks in document order. */
  runStep(index: number): Promise<StepStatus> {
    return this.executeStep(index, 'run');
  }

  /** Runs only a step's checks: self-check of work done by hand, or "retry the checks". */
  checkStep(index: number): Promise<StepStatus> {
    return this.executeStep(index, 'check');
  }

  skipStep(index: number): void {
    const step = this.steps[index];
    if (!step) return;
    this.emit({
      type: 'step-finished',
      step: index,
      stepId: step.id,
      status: 'skipped',
      attempt: 'skip',
      durationMs: 0,
    });
  }

  /** A step a stopped headless run never reached: reported as skipped, but not the learner's skip. */
  private passOver(index: number): void {
    const step = this.steps[index];
    if (step) this.emit({ type: 'step-finished', step: index, stepId: step.id, status: 'skipped', durationMs: 0 });
  }

  /**
   * Evaluates a step's checks once, as things are now, and nothing else: no commands, no events,
   * no extracted variables, and no polling (`eventually` is dropped: before a step nothing is
   * on its way). `kong-workshop verify` asks this before a step's commands and after the
   * clean-up, where every check must fail. A check that needs a variable the step itself
   * captures cannot run yet; it comes back with that fault.
   */
  async probeChecks(index: number, signal?: AbortSignal): Promise<ProbedCheck[]> {
    const step = this.steps[index];
    const shell = this.shell;
    if (!step) throw new RangeError(`no step ${index} in ${this.options.lesson.id}`);
    if (!shell) throw new Error('LessonRun.start() must be called before probing checks');
    const probed: ProbedCheck[] = [];
    const cookies = new CookieJar();
    // Probing never asks: a choice not made yet is its default.
    for (const group of choicesOf(this.options.lesson, step))
      await resolveVariable(choiceVariable(group), this.variables, undefined);
    for (const block of step.blocks) {
      if (block.type !== 'check' || !this.isChosen(block)) continue;
      let spec: CheckSpec;
      try {
        spec = interpolateDeep(block.spec, this.variables.lookup);
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
        probed.push({ block, fault: { code: error.code, message: error.message, hint: 'the step defines it' } });
        continue;
      }
      const { eventually: _once, ...once } = spec;
      const context = { signal, shell, kube: this.options.target.kube, cookies };
      const result = await evaluateCheck(once, context, this.requests);
      probed.push({ block, result: this.redactor.redactDeep(result) });
    }
    return probed;
  }

  /** Stops the running command or check (the whole process group); the step ends `cancelled`. */
  cancel(): void {
    this.current?.abort();
  }

  /**
   * Cancels the running step and runs no other, not even the clean-up: the process is being
   * stopped (SIGTERM, SIGHUP), and nothing new may start after the signal.
   */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** Runs every step (headless). In run mode a failed step stops the lesson; check mode checks everything. */
  async runAll(): Promise<LessonFinished['status']> {
    const fault = await this.start();
    if (fault) return this.finish(fault);
    for (let index = 0; index < this.steps.length; index++) {
      if (this.stopped) break;
      const isCleanup =
        this.options.includeCleanup && index === this.steps.length - 1 && this.options.lesson.cleanup !== undefined;
      const status = this.options.mode === 'run' || isCleanup ? await this.runStep(index) : await this.checkStep(index);
      if (status !== 'passed' && status !== 'skipped' && this.options.mode === 'run') {
        for (let rest = index + 1; rest < this.steps.length; rest++) {
          if (this.options.includeCleanup && rest === this.steps.length - 1 && !this.stopped) await this.runStep(rest);
          else this.passOver(rest);
        }
        break;
      }
    }
    return this.finish();
  }

  /** Announces the end and closes the shell session. Safe to call more than once. */
  async finish(fault?: RunFault): Promise<LessonFinished['status']> {
    const counts = countSteps(this.runState);
    const status: LessonFinished['status'] =
      fault || counts.error ? 'error' : counts.failed ? 'failed' : counts.cancelled ? 'cancelled' : 'passed';
    if (this.announced && this.runState.status === 'running') {
      this.emit({ type: 'lesson-finished', status, durationMs: performance.now() - this.startedAt, counts, fault });
    }
    await this.shell?.close();
    this.shell = undefined;
    return status;
  }

  private async executeStep(index: number, mode: RunMode): Promise<StepStatus> {
    const step = this.steps[index];
    if (!step) throw new RangeError(`no step ${index} in ${this.options.lesson.id}`);
    if (!this.shell) throw new Error('LessonRun.start() must be called before running steps');
    const started = performance.now();
    const controller = new AbortController();
    this.current = controller;
    this.emit({ type: 'step-started', step: index, stepId: step.id, title: step.title, mode });

    let outcome: BlockOutcome = { status: 'passed' };
    let ranSomething = false;
    let ranCommand = false;
    // After a failure, the step's commands and files stop, but every check still runs and is
    // reported: checks judge the state as it is, and the learner sees everything that is wrong.
    const cookies = new CookieJar();
    // What the step's last command printed, for an `output match=…` block after it.
    let lastStdout: string | undefined;
    // The learner's choices this step has parts for are asked as it starts (once: the pick is kept).
    const choiceFault = await this.resolveVariables(choicesOf(this.options.lesson, step).map(choiceVariable));
    if (choiceFault) outcome = { status: choiceFault.code === 'cancelled' ? 'cancelled' : 'error', fault: choiceFault };
    for (const block of step.blocks) {
      if (outcome.status === 'cancelled' || choiceFault) break;
      if (!this.isChosen(block)) continue;
      if (block.type === 'vars') {
        const fault = await this.resolveVariables(block.vars);
        if (fault) {
          outcome = { status: fault.code === 'cancelled' ? 'cancelled' : 'error', fault };
          break;
        }
        continue;
      }
      if (mode === 'check' && block.type !== 'check') continue;
      if (isDeclaredOutput(block)) {
        const judged = checkDeclaredOutput(block, outcome.status === 'passed' ? lastStdout : undefined, {
          step: index,
          variables: this.variables,
          emit: (event) => this.emit(event),
        });
        if (outcome.status === 'passed') outcome = judged;
        continue;
      }
      if (block.type === 'prose' || block.type === 'display') continue;
      const failedAlready = outcome.status !== 'passed';
      if (failedAlready && block.type !== 'check') continue;
      if (failedAlready && block.type === 'check' && this.reportNotRun(index, block)) continue;
      if (mode === 'check' && block.type === 'check' && block.transient) {
        this.reportNotJudged(index, block);
        continue;
      }
      ranSomething = true;
      if (block.type === 'run') ranCommand = true;
      const result = await executeBlock(block, {
        step: index,
        shell: this.shell,
        target: this.options.target,
        variables: this.variables,
        workdir: this.options.workdir,
        lessonDir: dirname(this.options.lesson.file),
        requests: this.requests,
        signal: controller.signal,
        cookies,
        emit: (event) => this.emit(event),
        beforeCommand: this.beforeCommand(controller.signal),
      });
      if (block.type === 'run') lastStdout = result.stdout;
      // The first failure decides the step; a stop decides it at once.
      if (!failedAlready || result.status === 'cancelled') outcome = result;
    }
    if (this.current === controller) this.current = undefined;
    if (ranCommand && mayExport(step)) await this.recordExports();

    const status: StepStatus =
      outcome.status === 'passed' && !ranSomething && mode === 'check' ? 'skipped' : outcome.status;
    this.emit({
      type: 'step-finished',
      step: index,
      stepId: step.id,
      status,
      attempt: mode,
      durationMs: performance.now() - started,
      fault: outcome.fault,
    });
    return status;
  }

  /**
   * A check after a failure that needs a value an earlier block did not produce (a key a failed
   * check would have extracted) cannot run: it is reported as not run, with what it needs,
   * instead of disappearing. Returns whether it was.
   */
  private reportNotRun(step: number, block: CheckBlock): boolean {
    const missing = missingVariable(block, this.variables);
    if (missing === undefined) return false;
    // Its name as written: a {{VALUE}} it cannot fill in says what is missing.
    this.reportUnevaluated(step, block, block.name, {
      status: 'error',
      fault: {
        code: 'not-run',
        message: `not run: needs {{${missing}}}, which an earlier part of this step did not provide`,
        hint: 'fix what failed above; this check runs once it can',
      },
    });
    return true;
  }

  /**
   * A `transient` check judges a moment inside its step that the step's later commands change:
   * only running the step can show it. A re-check reports it as not judged, and it counts neither
   * way.
   */
  private reportNotJudged(step: number, block: CheckBlock): void {
    this.reportUnevaluated(step, block, interpolateOr(block.name, this.variables), {
      status: 'passed',
      judged: false,
      note:
        'not re-checked: it judges a moment inside this step that the step’s later commands change ' +
        '(declared transient); run the step to see it',
    });
  }

  /** Reports a check that was not evaluated: its start and its outcome at once, with nothing measured. */
  private reportUnevaluated(
    step: number,
    block: CheckBlock,
    name: string,
    outcome: Pick<CheckResult, 'status'> & Partial<CheckResult>,
  ): void {
    const common = { step, blockId: block.id, source: block.source };
    this.emit({ type: 'check-started', ...common, name, kind: block.spec.kind, repeat: 1 });
    this.emit({
      type: 'check-finished',
      ...common,
      name,
      result: { kind: block.spec.kind, expectations: [], attempts: 0, durationMs: 0, extracted: {}, ...outcome },
    });
  }

  private beforeCommand(signal: AbortSignal): ((command: PendingCommand) => Promise<void>) | undefined {
    const hook = this.options.beforeCommand;
    return hook && ((command) => hook(this.redactor.redactDeep(command), signal));
  }

  private seedVariables(): void {
    const { target, lesson, workdir, fixturesDir } = this.options;
    const set = (
      values: Readonly<Record<string, string>> | undefined,
      origin: 'builtin' | 'target' | 'flag' | 'lesson',
      secret = false,
    ) => {
      for (const [name, value] of Object.entries(values ?? {})) this.variables.set(name, value, { origin, secret });
    };
    for (const secret of target.secrets) this.redactor.add(secret);
    set({ TARGET: target.name, WORKDIR: workdir, FIXTURES: fixturesDir, LESSON_DIR: dirname(lesson.file) }, 'builtin');
    for (const [name, value] of Object.entries(target.vars))
      this.variables.set(name, value, { origin: 'target', secret: target.secrets.includes(value) });
    set(this.options.restored, 'lesson');
    set(this.options.vars, 'flag');
    set(this.options.secrets, 'flag', true);
  }

  private async resolveVariables(specs: readonly VarSpec[]): Promise<RunFault | undefined> {
    for (const spec of specs) {
      const fault = await resolveVariable(spec, this.variables, this.options.prompt);
      if (fault) return fault;
      this.shell?.setVariable(spec.name, this.variables.get(spec.name)!);
    }
    return undefined;
  }

  /** Whether a block is in no choice part, or in one for what the learner picked. */
  private isChosen(block: { readonly choices?: Block['choices'] }): boolean {
    return chosen(block.choices, (group) => this.variables.get(group));
  }

  private emit(event: RunEvent): void {
    const safe = this.redactor.redactDeep(event);
    this.runState = reduce(this.runState, safe);
    for (const listener of this.listeners) listener(safe);
  }
}

/** A check's name with its variables filled in where they are known, as written where not. */
function interpolateOr(text: string, variables: VariableStore): string {
  try {
    return interpolate(text, variables.lookup);
  } catch (error) {
    if (!(error instanceof InterpolationError)) throw error;
    return text;
  }
}

/** The first variable a check refers to that has no value yet, if any. */
function missingVariable(block: CheckBlock, variables: VariableStore): string | undefined {
  try {
    interpolateDeep({ name: block.name, spec: block.spec }, variables.lookup);
    return undefined;
  } catch (error) {
    if (error instanceof Error && 'variable' in error && typeof error.variable === 'string') return error.variable;
    throw error;
  }
}
