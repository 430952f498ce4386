import type { PendingCommand, PromptRequest, StepProgress } from '../engine/index.js';
import { isSettled } from '../engine/model.js';
import type { Notice } from '../workshop/index.js';
import { systemClock, type DemoClock } from './clock.js';
import { FastForward } from './fast-forward.js';
import { LessonRuns } from './lesson-runs.js';
import { AutoAdvance } from './pacing.js';
import { nextPosition, previousPosition, TITLE_CARD, type DemoPosition } from './positions.js';
import { CommandTypist } from './command-typist.js';
import { Question } from './question.js';
import type { Talk } from './talk.js';
import type { DemoActivity, DemoState } from './types.js';
import { errorMessage } from '../shared/index.js';

export interface DemoOptions extends Talk {
  readonly typing: { readonly charsPerSecond: number; readonly reducedMotion: boolean; readonly seed?: number };
  /** --auto-advance: the next thing happens by itself after this long idle. */
  readonly autoAdvanceMs?: number;
  /** --from: run everything before this quietly, then present from here. */
  readonly from?: DemoPosition;
  readonly clock?: DemoClock;
}

export type DemoListener = (state: DemoState) => void;

const settled = (status: StepProgress) => status !== 'running' && isSettled(status);
const STOPPING: Notice = { level: 'warning', text: 'stopping…', hint: 'Ctrl-C again quits' };

/**
 * The presentation without its face: where the talk is, one LessonRun per lesson, commands typed
 * out before they run, pause, auto-advance, `--from` fast-forward and the presenter's questions.
 * The ink view renders DemoState and calls these actions; nothing here knows about ink.
 */
export class Demo {
  private readonly clock: DemoClock;
  private readonly runs: LessonRuns;
  private readonly typist: CommandTypist;
  private readonly auto: AutoAdvance | undefined;
  private readonly listeners = new Set<DemoListener>();
  private position: DemoPosition = { lesson: 0, step: TITLE_CARD };
  private activity: DemoActivity = 'idle';
  private paused = false;
  private cancelling = false;
  private notice: Notice | undefined;
  private readonly question = new Question(() => this.publish());
  private fastForward: FastForward | undefined;
  private work: Promise<unknown> | undefined;
  private closed = false;
  private snapshot: DemoState | undefined;
  private notifyQueued = false;

  constructor(private readonly options: DemoOptions) {
    this.clock = options.clock ?? systemClock;
    this.typist = new CommandTypist({ ...options.typing, clock: this.clock, changed: () => this.publish() });
    this.runs = new LessonRuns({
      ...options,
      beforeCommand: (lesson, command, signal) => this.typeOut(lesson, command, signal),
      prompt: (request) => this.ask(request),
      changed: () => this.publish(),
    });
    if (options.autoAdvanceMs !== undefined) {
      this.auto = new AutoAdvance(
        this.clock,
        options.autoAdvanceMs,
        () => this.publish(),
        () => this.primary(true),
      );
    }
  }

  get state(): DemoState {
    this.snapshot ??= this.compose();
    return this.snapshot;
  }

  subscribe(listener: DemoListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fast-forwards to `--from` when given, then presents. Resolves once presenting. */
  async start(): Promise<void> {
    const from = this.options.from;
    if (from) {
      this.fastForward = new FastForward(this.options.lessons, from, this.runs, () => this.publish());
      this.activity = 'running';
      this.publish();
      try {
        const outcome = await this.fastForward.run();
        this.position = outcome.position;
        this.notice = outcome.notice;
      } catch (error) {
        // A fault outside any lesson (a shell that would not start): say so and present anyway.
        this.position = this.fastForward.view.current ?? from;
        this.notice = {
          level: 'error',
          text: `getting ready failed: ${errorMessage(error)}`,
          hint: 'r runs this step again',
        };
      }
      this.fastForward = undefined;
      this.activity = 'idle';
      this.cancelling = false;
    }
    this.arrive();
  }

  /**
   * Enter: whatever comes next. Types the rest of a command at once; runs a step not yet done;
   * moves on from a title card or a step that passed.
   */
  primary(fromTimer = false): void {
    if (!fromTimer) this.auto?.disarm();
    if (this.question.open || this.closed) return;
    if (this.typist.active) {
      this.typist.finish();
      return;
    }
    if (this.activity !== 'idle') return;
    if (this.position.step === TITLE_CARD || settled(this.stepStatus())) {
      if (nextPosition(this.options.lessons, this.position)) {
        this.next();
        return;
      }
      this.tell({ level: 'info', text: 'That was the last step of the talk.', hint: 'q ends the demo' });
      return;
    }
    void this.execute('running');
  }

  /** r: runs the step on screen (again). */
  runStep(): void {
    this.auto?.disarm();
    if (this.position.step !== TITLE_CARD) void this.execute('running');
  }

  /** c: runs only the step's checks, live (after doing it by hand, or to show it still holds). */
  checkStep(): void {
    this.auto?.disarm();
    const step = this.currentStep();
    if (!step) return;
    if (!step.blocks.some((block) => block.type === 'check')) {
      this.tell({ level: 'info', text: 'this step has no checks', hint: 'Enter runs it' });
      return;
    }
    void this.execute('checking');
  }

  next(): void {
    this.moveTo(nextPosition(this.options.lessons, this.position));
  }

  previous(): void {
    this.moveTo(previousPosition(this.options.lessons, this.position));
  }

  /** Space: typing and the countdown stop where they are; again to go on. */
  togglePause(): void {
    this.paused = !this.paused;
    if (this.paused) {
      this.typist.pause();
      this.auto?.pause();
    } else {
      this.typist.resume();
      if (this.auto?.paused) this.auto.resume();
      else this.settle();
    }
    this.publish();
  }

  /** Ctrl-C: stops the typing and the running command. False when nothing ran. */
  cancel(): boolean {
    if (this.activity === 'idle' && !this.typist.active) return false;
    this.cancelling = true;
    this.fastForward?.stop();
    this.typist.cancel();
    this.runs.cancelAll();
    this.tell(STOPPING);
    return true;
  }

  answerPrompt(value: string | undefined): void {
    this.question.answer(value);
  }

  dismissNotice(): void {
    if (this.notice) this.tell(undefined);
  }

  /** Stops what runs and closes every lesson's shell. The target is the caller's to close. */
  async quit(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.auto?.disarm();
    this.cancel();
    this.answerPrompt(undefined);
    await this.work?.catch(() => undefined);
    await this.runs.closeAll();
  }

  private async execute(activity: 'running' | 'checking'): Promise<void> {
    const at = this.position;
    if (this.activity !== 'idle' || at.step === TITLE_CARD) return;
    this.activity = 'starting';
    this.tell(undefined);
    try {
      const opened = await this.runs.open(at.lesson);
      if (!opened.run) return this.tell({ level: 'error', text: opened.fault.message, hint: opened.fault.hint });
      this.activity = activity;
      this.publish();
      const work = activity === 'running' ? opened.run.runStep(at.step) : opened.run.checkStep(at.step);
      this.work = work;
      await work;
      if (this.notice === STOPPING) this.notice = undefined;
    } catch (error) {
      // A fault no lesson can cause (a shell that will not start, a work folder that cannot be
      // written): the talk goes on, the presenter sees why.
      this.notice = { level: 'error', text: errorMessage(error), hint: 'r runs the step again' };
    } finally {
      this.activity = 'idle';
      this.cancelling = false;
      this.settle();
      this.publish();
    }
  }

  private moveTo(position: DemoPosition | undefined): void {
    this.auto?.disarm();
    if (!position || this.closed) return;
    if (this.activity !== 'idle') {
      this.tell({ level: 'warning', text: 'a step is running', hint: 'Ctrl-C stops it' });
      return;
    }
    this.position = position;
    this.notice = undefined;
    this.arrive();
  }

  /** On a new slide: open its lesson in the background (any question is asked now, not mid-step). */
  private arrive(): void {
    const lesson = this.position.lesson;
    if (!this.runs.get(lesson) && this.options.lessons[lesson]) {
      void this.runs
        .open(lesson)
        .then((opened) => opened.fault)
        .catch((error: Error) => ({ message: error.message, hint: 'Enter tries again' }))
        .then((fault) => {
          if (fault && this.position.lesson === lesson)
            this.tell({ level: 'error', text: fault.message, hint: fault.hint });
          this.settle();
        });
    }
    this.settle();
    this.publish();
  }

  /** Arms the auto-advance countdown when nothing happens and something can come next. */
  private settle(): void {
    if (!this.auto || this.closed) return;
    const status = this.stepStatus();
    const stuck = status === 'failed' || status === 'error' || status === 'cancelled';
    const atEnd =
      (this.position.step === TITLE_CARD || settled(status)) && !nextPosition(this.options.lessons, this.position);
    const idle = this.activity === 'idle' && !this.typist.active && !this.question.open && !this.runs.isOpening;
    if (idle && !stuck && !atEnd) {
      if (!this.auto.armed) this.auto.arm(this.paused);
    } else this.auto.disarm();
  }

  /** The beforeCommand hook: the command is typed out on screen, then it runs (quietly while getting ready). */
  private typeOut(lesson: number, command: PendingCommand, signal: AbortSignal): Promise<void> {
    if (this.fastForward) return Promise.resolve();
    return this.typist.type(lesson, command, signal, this.paused);
  }

  private ask(request: PromptRequest): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    this.auto?.disarm();
    return this.question.ask(request);
  }

  private currentStep() {
    return this.options.lessons[this.position.lesson]?.steps[this.position.step];
  }

  private stepStatus(): StepProgress {
    const step = this.runs.get(this.position.lesson)?.state.steps[this.position.step];
    return step?.status === 'running' ? 'running' : (step?.earned ?? 'pending');
  }

  private tell(notice: Notice | undefined): void {
    this.notice = notice;
    this.publish();
  }

  private compose(): DemoState {
    const { lessons, target, autoAdvanceMs } = this.options;
    return {
      phase: this.fastForward ? 'fast-forward' : 'presenting',
      lessons,
      target: target.name,
      targetDescription: target.description,
      position: this.position,
      runs: this.runs.states(),
      activity: this.activity,
      typing: this.typist.view,
      paused: this.paused,
      autoAdvance:
        autoAdvanceMs === undefined ? undefined : { delayMs: autoAdvanceMs, remainingMs: this.auto?.remainingMs },
      fastForward: this.fastForward?.view,
      notice: this.notice,
      dialog: this.question.view,
      cancelling: this.cancelling,
    };
  }

  // Events come in bursts (a chunk of output is many lines, a keystroke a frame): one state per burst.
  private publish(): void {
    this.snapshot = undefined;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      const state = this.state;
      for (const listener of this.listeners) listener(state);
    });
  }
}
