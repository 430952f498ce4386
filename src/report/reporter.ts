import type { RunEvent } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import type { Redactor } from '../secrets/index.js';

/** A run report: fed every event of every lesson, then ended once. Nothing here loads ink. */
export interface Reporter {
  onEvent(event: RunEvent): void;
  /** A lesson that did not run at all (e.g. it does not support the chosen target). */
  skipLesson(lesson: Lesson, reason: string): void;
  /** Writes what is left (the whole document, for JSON, JUnit and TAP). */
  end(): void;
}

export interface ReporterOptions {
  readonly write: (text: string) => void;
  /** The projected lessons by file path: lets reports name checks that never ran and show hints. */
  readonly lessons?: ReadonlyMap<string, Lesson>;
  /** Text report: leave out command output. */
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly mode: 'run' | 'check';
  readonly target: string;
  readonly version: string;
  /** Masks secrets once more in a document written at the end (the HTML report). */
  readonly redactor?: Pick<Redactor, 'redact' | 'redactDeep'>;
  /** The report's date (tests pin it). */
  readonly now?: () => Date;
}

export type { ReporterKind } from '../shared/index.js';
