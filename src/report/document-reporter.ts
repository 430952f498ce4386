import type { RunEvent } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import { RunCollector } from './collector.js';
import type { Reporter, ReporterOptions } from './reporter.js';

/** A report written once, at the end, from every lesson's folded state (JSON, JUnit, TAP). */
export abstract class DocumentReporter implements Reporter {
  protected readonly collector: RunCollector;

  constructor(protected readonly options: ReporterOptions) {
    this.collector = new RunCollector(options.lessons);
  }

  onEvent(event: RunEvent): void {
    this.collector.onEvent(event);
  }

  skipLesson(lesson: Lesson, reason: string): void {
    this.collector.skip(lesson, reason);
  }

  end(): void {
    this.options.write(this.render());
  }

  /** The whole document. */
  protected abstract render(): string;
}
