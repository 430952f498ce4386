import type { DiagnosticSink } from '../diagnostics.js';
import { appliesTo, type DraftStep, type LessonDraft } from '../draft.js';
import type { TargetName } from '../types.js';
import { forTargets, lintTargets } from './projection.js';

/** Learners get stuck: every step should offer a hint and a solution (a warning, not an error). */
export function lintSections(draft: LessonDraft, sink: DiagnosticSink): void {
  const targets = lintTargets(draft);
  for (const step of draft.steps) {
    const on = targets.filter((target) => appliesTo(step.targets, target));
    for (const kind of ['hint', 'solution'] as const) {
      const lacking = on.filter((target) => !hasSection(step, kind, target));
      if (lacking.length === 0) continue;
      const where = forTargets(lacking, on);
      sink.warning(
        step.source,
        `missing-${kind}`,
        `step '${step.id}' has no ${kind}${where}`,
        `add <details><summary>${kind === 'hint' ? 'Hint' : 'Solution'}</summary> … </details> to the step`,
      );
    }
  }
}

function hasSection(step: DraftStep, kind: 'hint' | 'solution', target: TargetName | undefined): boolean {
  return step.sections.some((section) => section.kind === kind && appliesTo(section.targets, target));
}
