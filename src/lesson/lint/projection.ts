import { appliesTo, type DraftBlock, type DraftStep, type LessonDraft } from '../draft.js';
import type { TargetName } from '../types.js';

/**
 * The targets lint evaluates a draft on: each of the lesson's targets, or (when the front
 * matter gave none that are valid) one pass over everything.
 */
export function lintTargets(draft: LessonDraft): readonly (TargetName | undefined)[] {
  return draft.targets?.length ? draft.targets : [undefined];
}

/** The steps that exist on `target`, in order. */
export function stepsOn(draft: LessonDraft, target: TargetName | undefined): DraftStep[] {
  return draft.steps.filter((step) => appliesTo(step.targets, target));
}

export function blocksOn(blocks: readonly DraftBlock[], target: TargetName | undefined): DraftBlock[] {
  return blocks.filter((block) => appliesTo(block.targets, target));
}

/** "for target kind" / "for targets kind and konnect", or "" when it holds on every target checked. */
export function forTargets(
  some: readonly (TargetName | undefined)[],
  all: readonly (TargetName | undefined)[],
): string {
  const named = some.filter((target): target is TargetName => target !== undefined);
  if (named.length === 0 || named.length === all.length) return '';
  return named.length === 1 ? ` for target ${named[0]}` : ` for targets ${named.join(', ')}`;
}
