import { resolve } from 'node:path';
import type { DraftBlock, DraftSection, DraftStep, LessonDraft } from './draft.js';
import type { FrontMatter } from './front-matter.js';
import type { Block, Lesson, Section, Step } from './types.js';

/** The Lesson, from a draft that has no errors (every block and the front matter are valid). */
export function assembleLesson(draft: LessonDraft, front: FrontMatter): Lesson {
  const { id, title, targets, summary, durationMs } = front.meta;
  if (id === undefined || title === undefined || targets === undefined)
    throw new Error('assembleLesson: the front matter is incomplete');
  return {
    id,
    title,
    ...(summary !== undefined ? { summary } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    targets,
    tools: front.meta.tools,
    vars: front.meta.vars,
    file: resolve(draft.file),
    intro: blocksOf(draft.intro),
    steps: draft.steps.map(toStep),
    ...(draft.cleanup ? { cleanup: toStep(draft.cleanup, draft.steps.length) } : {}),
    ...(draft.choices.length ? { choices: draft.choices } : {}),
  };
}

function toStep(step: DraftStep, index: number): Step {
  return {
    id: step.id,
    index,
    title: step.title,
    blocks: blocksOf(step.blocks),
    sections: step.sections.map(toSection),
    ...(step.targets ? { targets: step.targets } : {}),
    source: step.source,
  };
}

function toSection(section: DraftSection): Section {
  return {
    kind: section.kind,
    blocks: blocksOf(section.blocks),
    ...(section.targets ? { targets: section.targets } : {}),
    ...(section.choices ? { choices: section.choices } : {}),
    source: section.source,
  };
}

function blocksOf(blocks: readonly DraftBlock[]): Block[] {
  return blocks.map((draft) => {
    if (!draft.block) throw new Error(`assembleLesson: block ${draft.id} has errors`);
    return draft.block;
  });
}
