import type { DiagnosticSink } from '../diagnostics.js';
import type { DraftBlock, LessonDraft } from '../draft.js';
import { blocksOn, lintTargets, stepsOn } from './projection.js';

/**
 * Step ids and block ids must be unique on every target. Two variants of one step (or block)
 * may share an id when no target has both.
 */
export function lintIds(draft: LessonDraft, sink: DiagnosticSink): void {
  for (const target of lintTargets(draft)) {
    const steps = new Map<string, number>();
    for (const step of stepsOn(draft, target)) {
      const first = steps.get(step.id);
      if (first === undefined) steps.set(step.id, step.source.line);
      else
        sink.error(
          step.source,
          'duplicate-step-id',
          `step id '${step.id}' is already used by the step at line ${first}`,
          'rename one heading, or make them variants for different targets with ::: target=… around each',
        );
    }
    const blocks = new Map<string, DraftBlock>();
    const all: DraftBlock[] = [...blocksOn(draft.intro, target)];
    for (const step of [...stepsOn(draft, target), ...(draft.cleanup ? [draft.cleanup] : [])]) {
      all.push(
        ...blocksOn(step.blocks, target),
        ...step.sections.flatMap((section) => blocksOn(section.blocks, target)),
      );
    }
    for (const block of all) {
      const first = blocks.get(block.id);
      if (first === undefined) blocks.set(block.id, block);
      // Two generated ids only collide when two steps share an id, which is reported already.
      else if (block.explicitId || first.explicitId)
        sink.error(
          block.idPos,
          'duplicate-block-id',
          `block id '${block.id}' is already used by the block at line ${first.source.line}`,
          'give one of them another id=',
        );
    }
  }
}
