import type { LessonRun, PendingCommand, Prompter, RunFault, RunState } from '../engine/index.js';
import { talkLessonRun, type Talk } from './talk.js';

export interface LessonRunsOptions extends Talk {
  readonly beforeCommand: (lesson: number, command: PendingCommand, signal: AbortSignal) => Promise<void>;
  readonly prompt: Prompter;
  /** Called on every event of every run. */
  readonly changed: () => void;
}

export type OpenResult =
  | { readonly run: LessonRun; readonly fault?: undefined }
  | { readonly run?: undefined; readonly fault: RunFault };

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
    const run = await talkLessonRun(this.options, this.options.lessons[index]!, {
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
