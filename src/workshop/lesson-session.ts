import {
  hasPassed,
  isComplete,
  stepProgress,
  tally,
  tallyLine,
  type Earned,
  type RunEvent,
  type RunState,
  type StepItem,
  type StepStatus,
  type Tally,
} from '../engine/model.js';
import type { LessonRun, RunFault } from '../engine/index.js';
import type { Lesson, TargetName } from '../lesson/index.js';
import { saveProgress, type LessonProgress } from '../progress/index.js';
import type { LearnerShell } from './learner-shell.js';
import { rememberSecretExports } from './lesson-secrets.js';
import { commandPreviews } from './previews.js';
import { progressSnapshot, resumeIndex } from './progress-record.js';
import type { LessonActivity, Notice, OpenLesson, ResumeDialog } from './types.js';

export interface LessonSessionOptions {
  readonly lesson: Lesson;
  readonly target: TargetName;
  readonly run: LessonRun;
  /** What an earlier session saved, if anything. */
  readonly progress?: LessonProgress;
  /** Called whenever what the screen shows has changed. */
  readonly changed: () => void;
  /** Called when saving progress fails: the learner is told, the workshop goes on. */
  readonly saveFailed: (error: Error) => void;
  /** The latest save reached the disk (clears an earlier failure). */
  readonly saved?: () => void;
}

/**
 * One opened lesson: its LessonRun, where the learner is, what each step has earned, and its
 * progress file, saved after every step and every move so a quit or crash loses nothing.
 */
export class LessonSession {
  readonly lesson: Lesson;
  private readonly run: LessonRun;
  private stepIndex: number;
  /** The introduction is on screen, before step 1 (stepIndex stays 0). */
  private onIntro: boolean;
  private activity: LessonActivity = 'starting';
  private cancelling = false;
  private stopRecheck = false;
  private fault: RunFault | undefined;
  private previous: LessonProgress | undefined;
  private saving: Promise<void> = Promise.resolve();
  private inFlight: Promise<unknown> | undefined;
  private snapshot: OpenLesson | undefined;
  /** When the learner was last on this lesson: what its progress file's `lastVisited` says. */
  private visitedAt = new Date();
  /** Steps whose latest attempt was seen on an earlier visit: the screen shows them as not yet run this visit. */
  private readonly earlierVisit = new Set<number>();
  /** Results of an earlier visit (a re-check keeps a step's command output): not shown again. */
  private readonly earlierItems = new WeakSet<StepItem>();
  private revisited = false;

  constructor(private readonly options: LessonSessionOptions) {
    this.lesson = options.lesson;
    this.run = options.run;
    this.previous = options.progress;
    this.stepIndex = resumeIndex(this.lesson, this.earned, options.progress);
    // A lesson opened before anything of it was done starts on its introduction.
    this.onIntro = this.hasIntro && this.stepIndex === 0 && (this.earned[0] ?? 'pending') === 'pending';
    this.run.subscribe((event) => this.onEvent(event));
  }

  /** Resolves the lesson's variables (asking when needed) and opens its shell session. */
  async start(): Promise<RunFault | undefined> {
    this.fault = await this.run.start();
    this.activity = 'idle';
    this.changed();
    return this.fault;
  }

  get started(): boolean {
    return this.activity !== 'starting' && this.fault === undefined;
  }

  get busy(): boolean {
    return this.activity !== 'idle';
  }

  /** What each step has earned: the engine's fold, read, never re-derived. */
  private get earned(): Earned[] {
    return this.run.state.steps.slice(0, this.lesson.steps.length).map((step) => step.earned);
  }

  /** Offered when an earlier session passed steps: the environment may have changed since. */
  resumeOffer(): ResumeDialog | undefined {
    const passed = this.earned.filter((status) => status === 'stale').length;
    if (!this.previous || passed === 0) return undefined;
    return {
      kind: 'resume',
      title: this.lesson.title,
      stepIndex: this.stepIndex,
      stepTitle: this.lesson.steps[this.stepIndex]?.title ?? '',
      passed,
      total: this.lesson.steps.length,
    };
  }

  /**
   * Runs the checks of every step that passed before, in order. Lands on the first that no
   * longer passes, or where the learner left off when all still pass.
   */
  recheck(): Promise<Notice> {
    const work = this.recheckAll();
    this.inFlight = work;
    return work;
  }

  /** Steps that passed, this session or an earlier one: what a re-check runs again. */
  get passedSteps(): number {
    return this.earned.filter(hasPassed).length;
  }

  /**
   * The learner comes back to the lesson in the same session: what ran on the earlier visit is
   * put away (it may be stale: the sandbox may have changed since), and the step list keeps what
   * each step earned. Returns the offer to re-check, when any step passed.
   */
  revisit(): Notice | undefined {
    this.visitedAt = new Date();
    this.revisited = true;
    this.run.state.steps.forEach((step, index) => {
      if (step.status === 'pending') return;
      this.earlierVisit.add(index);
      for (const item of step.items) this.earlierItems.add(item);
    });
    this.changed();
    const passed = this.passedSteps;
    if (passed === 0) return undefined;
    return this.complete
      ? { level: 'info', text: 'You finished this lesson before', hint: 'C re-checks every step' }
      : {
          level: 'info',
          text: `You were here before: ${passed} of ${this.lesson.steps.length} steps passed`,
          hint: `C re-checks ${passed === 1 ? 'it' : 'them'}`,
        };
  }

  /** The learner was on the lesson until now (quitting from it: closing saves). */
  markVisited(): void {
    this.visitedAt = new Date();
  }

  /** The learner leaves for the lesson list: the list shows this visit's time at once. */
  leave(): void {
    this.visitedAt = new Date();
    void this.save();
  }

  private async recheckAll(): Promise<Notice> {
    const resumeAt = this.stepIndex;
    this.visitedAt = new Date();
    // Passed earlier (stale) or this session: both may no longer hold.
    const toCheck = this.earned.flatMap((status, index) => (hasPassed(status) ? [index] : []));
    const broken: number[] = [];
    this.activity = 'rechecking';
    this.stopRecheck = false;
    for (const index of toCheck) {
      if (this.stopRecheck) break;
      this.onIntro = false;
      this.stepIndex = index;
      this.changed();
      await this.run.checkStep(index);
      if (!hasPassed(this.earned[index] ?? 'pending')) broken.push(index);
    }
    const stopped = this.stopRecheck;
    this.activity = 'idle';
    this.cancelling = false;
    this.stepIndex = broken[0] ?? resumeAt;
    await this.save();
    this.changed();
    if (stopped) return { level: 'warning', text: 'Re-check stopped. Steps not re-checked keep their earlier result.' };
    if (broken.length === 0)
      return {
        level: 'success',
        text: `${toCheck.length} completed step${toCheck.length === 1 ? '' : 's'} re-checked: all still pass.`,
      };
    const first = this.lesson.steps[broken[0] ?? 0]?.title ?? '';
    return {
      level: 'warning',
      text:
        `“${first}” no longer passes its checks: something changed since last time (a reset sandbox, a new ` +
        `cluster).`,
      hint: 'press Enter to run the step again',
    };
  }

  runStep(): Promise<StepStatus | undefined> {
    return this.execute('running', () => this.run.runStep(this.stepIndex));
  }

  checkStep(): Promise<StepStatus | undefined> {
    return this.execute('checking', () => this.run.checkStep(this.stepIndex));
  }

  skipStep(): void {
    if (this.busy || !this.started) return;
    this.visitedAt = new Date();
    this.onIntro = false;
    this.run.skipStep(this.stepIndex);
    void this.save();
  }

  /** Moves to step `index`; -1 is the introduction, when the lesson has one. */
  goTo(index: number): void {
    if (this.activity === 'running' || this.activity === 'checking' || this.activity === 'rechecking') return;
    const clamped = Math.max(this.hasIntro ? -1 : 0, Math.min(this.lesson.steps.length - 1, index));
    const intro = clamped === -1;
    const step = Math.max(0, clamped);
    if (step === this.stepIndex && intro === this.onIntro) return;
    this.visitedAt = new Date();
    this.onIntro = intro;
    this.stepIndex = step;
    this.changed();
    void this.save();
  }

  /** Stops the running command or check; a re-check stops after the current step. */
  cancel(): boolean {
    if (this.activity !== 'running' && this.activity !== 'checking' && this.activity !== 'rechecking') return false;
    this.cancelling = true;
    this.stopRecheck = true;
    this.run.cancel();
    this.changed();
    return true;
  }

  /** Steps passed, skipped, failed and open, from the fold. */
  get tally(): Tally {
    return tally(this.earned);
  }

  /** Whether every step passed (a skipped step keeps a lesson from being complete). */
  get complete(): boolean {
    return isComplete(this.tally);
  }

  /** "all 3 steps passed", "2 of 3 steps passed, 1 skipped". */
  get tallyLine(): string {
    return tallyLine(this.tally);
  }

  get currentIndex(): number {
    return this.stepIndex;
  }

  /** Where `next` goes: step 1 from the introduction, else the step after this one. */
  get nextIndex(): number {
    return this.onIntro ? 0 : this.stepIndex + 1;
  }

  private get hasIntro(): boolean {
    return introSaysMore(this.lesson);
  }

  /** The latest values of secrets answered at prompts, for the credentials store. */
  value(name: string): string | undefined {
    return this.run.variables.get(name);
  }

  /** The learner's own shell for this lesson, at the step on screen. */
  learnerShell(): LearnerShell {
    return { ...this.run.shellEnvironment(), label: `${this.lesson.id}, step ${this.stepIndex + 1}` };
  }

  /** Saves, then closes the shell session. */
  async close(): Promise<void> {
    this.cancel();
    await this.inFlight?.catch(() => undefined);
    await this.save();
    await this.run.finish();
  }

  /** What the progress file says, or is about to say once the queued save lands. */
  get progress(): LessonProgress | undefined {
    return this.previous;
  }

  /** Through the run's Redactor, the one its events pass through. */
  redact(text: string): string {
    return this.run.redactor.redact(text);
  }

  /** Waits for every save queued so far. */
  flush(): Promise<void> {
    return this.saving;
  }

  view(): OpenLesson {
    this.snapshot ??= {
      lesson: this.lesson,
      run: this.thisVisit(this.run.state),
      stepIndex: this.stepIndex,
      onIntro: this.onIntro,
      steps: stepProgress(this.run.state).slice(0, this.lesson.steps.length),
      activity: this.activity,
      cancelling: this.cancelling,
      previews: commandPreviews(this.lesson.steps[this.stepIndex], this.run.variables, (text) =>
        this.run.redactor.redact(text),
      ),
      fault: this.fault,
      addresses: addressesOf(this.run.variables),
      picks: picksOf(this.lesson, this.run.variables),
    };
    return this.snapshot;
  }

  private async execute(
    activity: 'running' | 'checking',
    action: () => Promise<StepStatus>,
  ): Promise<StepStatus | undefined> {
    if (this.busy || !this.started) return undefined;
    this.visitedAt = new Date();
    // Run from the introduction (r, c): step 1 is what runs, so step 1 is what shows.
    this.onIntro = false;
    this.activity = activity;
    this.cancelling = false;
    this.changed();
    try {
      const work = action();
      this.inFlight = work;
      return await work;
    } finally {
      // Idle before the save: once "Step passed" is on screen, the next key must count.
      this.activity = 'idle';
      this.cancelling = false;
      this.changed();
      await this.save();
    }
  }

  /** The run as this visit shows it: what an earlier visit saw is put away (see revisit). */
  private thisVisit(state: RunState): RunState {
    if (!this.revisited) return state;
    return {
      ...state,
      steps: state.steps.map((step, index) =>
        this.earlierVisit.has(index)
          ? { ...step, status: 'pending', items: [], fault: undefined, durationMs: undefined }
          : { ...step, items: step.items.filter((item) => !this.earlierItems.has(item)) },
      ),
    };
  }

  private onEvent(event: RunEvent): void {
    // A new attempt at a step (a skip is one too): what it does now is this visit's to show.
    if (event.type === 'step-started' || event.type === 'step-finished') this.earlierVisit.delete(event.step);
    if (event.type === 'step-finished') {
      // The step's work is over: the screen shows it done and its keys at once, not a tick later.
      if (this.activity === 'running' || this.activity === 'checking') {
        this.activity = 'idle';
        this.cancelling = false;
      }
    }
    this.changed();
  }

  private save(): Promise<void> {
    const exports = this.run.exportsToSave();
    const snapshot = progressSnapshot({
      lesson: this.lesson,
      target: this.options.target,
      earned: this.earned,
      previous: this.previous,
      stepIndex: this.stepIndex,
      visitedAt: this.visitedAt,
      vars: this.run.variables.savable(),
      ...(exports ? { exports: exports.plain } : {}),
    });
    this.previous = snapshot;
    this.saving = this.saving
      .then(() => saveProgress(snapshot))
      .then(() => (exports ? rememberSecretExports(this.lesson.id, this.options.target, exports.secret) : undefined))
      .then(
        () => this.options.saved?.(),
        (error: Error) => this.options.saveFailed(error),
      );
    return this.saving;
  }

  private changed(): void {
    this.snapshot = undefined;
    this.options.changed();
  }
}

/**
 * Whether the introduction says more than the lesson's title: a page of its own only then (a lone
 * `# Title` would repeat the header, one Enter for nothing).
 */
function introSaysMore(lesson: Lesson): boolean {
  return lesson.intro.some(
    (block) => block.type !== 'prose' || block.markdown.replace(/^(#{1,6}\s.*|[=-]+\s*)$/gm, '').trim() !== '',
  );
}

/** The target's addresses the lesson can name: ports the sandbox picked when 8000/8001 were taken. */
function addressesOf(variables: LessonRun['variables']): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const name of ['PROXY', 'ADMIN']) {
    const value = variables.get(name);
    if (value !== undefined) addresses[name] = value;
  }
  return addresses;
}

/** The learner's picks for the lesson's choices, as far as they are made. */
function picksOf(lesson: Lesson, variables: { get(name: string): string | undefined }): Record<string, string> {
  const picks: Record<string, string> = {};
  for (const group of lesson.choices ?? []) {
    const value = variables.get(group.name);
    if (value !== undefined && group.options.includes(value)) picks[group.name] = value;
  }
  return picks;
}
