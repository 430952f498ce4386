import type { RunEvent } from '../../engine/index.js';
import type { Lesson } from '../../lesson/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

/**
 * `run --from STEP`: the 0-based index of the step (1-based number or step id, as `demo --from`
 * writes the step part), in the lesson as projected to the target.
 */
export function stepIndexFrom(lesson: Lesson, from: string): number {
  const wanted = from.trim();
  const ids = lesson.steps.map((step, i) => `${i + 1} ${step.id}`).join(', ');
  const hint = lesson.steps.length ? `steps: ${ids}` : 'it has no steps on this target';
  if (/^\d+$/.test(wanted)) {
    const number = Number(wanted);
    if (number >= 1 && number <= lesson.steps.length) return number - 1;
    throw new CliError(ExitCode.Usage, `'${lesson.id}' has ${lesson.steps.length} steps, not ${wanted}`, hint);
  }
  const found = lesson.steps.findIndex((step) => step.id === wanted.toLowerCase());
  if (found >= 0) return found;
  throw new CliError(ExitCode.Usage, `'${lesson.id}' has no step '${wanted}'`, hint);
}

/**
 * Holds back the events of the steps before `from`: they run to set the target's state, and
 * say so in one line each. A quiet step that does not pass is shown in full after all, so the
 * author sees why the run stopped before the step they are working on.
 */
export class QuietSteps {
  private held: RunEvent[] = [];

  constructor(
    private readonly from: number,
    private readonly note: (line: string) => void,
    private readonly titles: readonly string[],
  ) {}

  /** Forwards an event, or holds it while its step is a quiet one. */
  pass(event: RunEvent, forward: (event: RunEvent) => void): void {
    const step = 'step' in event && typeof event.step === 'number' ? event.step : undefined;
    if (step === undefined || step >= this.from) {
      forward(event);
      return;
    }
    if (event.type !== 'step-finished') {
      this.held.push(event);
      return;
    }
    const held = this.held;
    this.held = [];
    const title = this.titles[step] ?? event.stepId;
    if (event.status === 'passed' || event.status === 'skipped') {
      this.note(`[${step + 1}/${this.titles.length}] ${title}: ran quietly (--from), ${event.status}`);
      return;
    }
    for (const earlier of held) forward(earlier);
    forward(event);
  }
}
