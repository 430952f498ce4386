import { mkdir } from 'node:fs/promises';
import { LessonRun, type PendingCommand, type Prompter, type RunFault, type RunState } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import type { Redactor } from '../secrets/index.js';
import type { TargetSession } from '../targets/index.js';

export interface LessonRunsOptions {
  readonly lessons: readonly Lesson[];
  readonly target: TargetSession;
  /** One for the whole talk: the recording masks every lesson's secrets. */
  readonly redactor: Redactor;
  readonly vars?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly workdirFor: (lesson: Lesson) => string;
  readonly fixturesDirFor: (lessonFile: string) => string;
  readonly beforeCommand: (lesson: number, command: PendingCommand, signal: AbortSignal) => Promise<void>;
  readonly prompt: Prompter;
  /** Called on every event of every run. */
  readonly changed: () => void;
}

export type OpenResult = { readonly run: LessonRun; readonly fault?: undefined } | { readonly run?: undefined; readonly fault: RunFault };

/**
 * One LessonRun per lesson of the talk, opened the first time the talk reaches the lesson and
 * kept until the end: going back to an earlier lesson finds its shell, its captured values
 * and what its steps did.
 */
export class LessonRuns {
  private readonly runs: (LessonRun | undefined)[];
  private readonly opening = new Map<number, Promise<OpenResult>>();

  constructor(private readonly options: LessonRunsOptions) {
    this.runs = options.lessons.map(() => undefined);
  }

  get(index: number): LessonRun | undefined {
    return this.runs[index];
  }

  states(): (RunState | undefined)[] {
    return this.runs.map((run) => run?.state);
  }

  /** The lesson's run, started (variables resolved, shell open); a fault when it cannot start. */
  open(index: number): Promise<OpenResult> {
    const run = this.runs[index];
    if (run) return Promise.resolve({ run });
    let opening = this.opening.get(index);
    if (!opening) {
      opening = this.start(index).finally(() => this.opening.delete(index));
      this.opening.set(index, opening);
    }
    return opening;
  }

  get isOpening(): boolean {
    return this.opening.size > 0;
  }

  /** Stops whatever command or check runs, in any lesson. */
  cancelAll(): void {
    for (const run of this.runs) run?.cancel();
  }

  /** Closes every shell session. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    await Promise.all(this.runs.map((run) => run?.finish()));
  }

  private async start(index: number): Promise<OpenResult> {
    const { lessons, target, redactor, vars, secrets } = this.options;
    const lesson = lessons[index]!;
    const workdir = this.options.workdirFor(lesson);
    await mkdir(workdir, { recursive: true });
    const run = new LessonRun({
      lesson,
      target,
      mode: 'run',
      workdir,
      fixturesDir: this.options.fixturesDirFor(lesson.file),
      vars,
      secrets,
      redactor,
      prompt: this.options.prompt,
      beforeCommand: (command, signal) => this.options.beforeCommand(index, command, signal),
    });
    run.subscribe(() => this.options.changed());
    const fault = await run.start();
    if (fault) {
      await run.finish();
      return { fault };
    }
    this.runs[index] = run;
    this.options.changed();
    return { run };
  }
}
