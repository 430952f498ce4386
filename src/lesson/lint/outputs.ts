import type { DiagnosticSink } from '../diagnostics.js';
import type { DraftBlock, LessonDraft } from '../draft.js';
import type { TargetName } from '../types.js';
import { blocksOn, forTargets, lintTargets, stepsOn } from './projection.js';

/**
 * A declared output block (`output match=…`) judges what the run block before it printed, so on
 * every target it exists on, a run block must come before it in its step.
 */
export function lintOutputs(draft: LessonDraft, sink: DiagnosticSink): void {
  const targets = lintTargets(draft);
  const lacking = new Map<DraftBlock, (TargetName | undefined)[]>();
  const on = new Map<DraftBlock, (TargetName | undefined)[]>();
  for (const target of targets) {
    const steps = stepsOn(draft, target);
    for (const step of draft.cleanup ? [...steps, draft.cleanup] : steps) {
      let ran = false;
      for (const block of blocksOn(step.blocks, target)) {
        if (block.type === 'run') ran = true;
        if (!block.expectsOutput) continue;
        on.set(block, [...(on.get(block) ?? []), target]);
        if (!ran) lacking.set(block, [...(lacking.get(block) ?? []), target]);
      }
    }
  }
  for (const [block, missing] of lacking) {
    sink.error(
      block.source,
      'output-without-run',
      `this output block has match=, but no run block comes before it in its step${forTargets(missing, on.get(block) ?? [])}`,
      'put it right after the ```sh run block whose output it shows, or drop match= to only show it',
    );
  }
}
