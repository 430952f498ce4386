import { initialRunState, reduce, type RunEvent, type RunState } from '../engine/model.js';
import type { Lesson } from '../lesson/index.js';

export interface CollectedRun {
  /** The projected lesson, when known: lets reports list checks that never ran. */
  readonly lesson?: Lesson;
  readonly state: RunState;
}

export interface SkippedLesson {
  readonly lesson: Lesson;
  readonly reason: string;
}

/** Folds the events of several lesson runs into one final state per lesson. */
export class RunCollector {
  readonly runs: CollectedRun[] = [];
  readonly skipped: SkippedLesson[] = [];
  private current: { lesson?: Lesson; state: RunState } | undefined;

  constructor(private readonly lessons: ReadonlyMap<string, Lesson> = new Map()) {}

  onEvent(event: RunEvent): void {
    if (event.type === 'lesson-started') {
      this.current = { lesson: this.lessons.get(event.file), state: initialRunState };
      this.runs.push(this.current);
    }
    if (!this.current) return;
    this.current.state = reduce(this.current.state, event);
    this.runs[this.runs.length - 1] = { lesson: this.current.lesson, state: this.current.state };
  }

  skip(lesson: Lesson, reason: string): void {
    this.skipped.push({ lesson, reason });
  }
}
