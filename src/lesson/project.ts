import { appliesTo } from './draft.js';
import type { Block, Lesson, Section, Step, TargetName } from './types.js';

/**
 * The lesson as it runs on one target: only the steps, blocks, sections and variables for that
 * target, with steps renumbered from 0.
 */
export function projectLesson(lesson: Lesson, target: TargetName): Lesson {
  const steps = lesson.steps
    .filter((step) => appliesTo(step.targets, target))
    .map((step, index) => projectStep(step, index, target));
  const cleanup =
    lesson.cleanup && appliesTo(lesson.cleanup.targets, target)
      ? projectStep(lesson.cleanup, steps.length, target)
      : undefined;
  const { cleanup: _dropped, ...rest } = lesson;
  return {
    ...rest,
    vars: lesson.vars.filter((spec) => appliesTo(spec.targets, target)),
    intro: blocksFor(lesson.intro, target),
    steps,
    ...(cleanup ? { cleanup } : {}),
  };
}

function projectStep(step: Step, index: number, target: TargetName): Step {
  return {
    ...step,
    index,
    blocks: blocksFor(step.blocks, target),
    sections: step.sections
      .filter((section) => appliesTo(section.targets, target))
      .map((section): Section => ({ ...section, blocks: blocksFor(section.blocks, target) })),
  };
}

function blocksFor(blocks: readonly Block[], target: TargetName): Block[] {
  return blocks
    .filter((block) => appliesTo(block.targets, target))
    .map((block): Block => {
      if (block.type === 'vars')
        return { ...block, vars: block.vars.filter((spec) => appliesTo(spec.targets, target)) };
      if (block.type === 'check' && block.byTarget) {
        const { byTarget, ...rest } = block;
        const own = byTarget[target];
        return own ? { ...rest, name: own.name, spec: own.spec } : rest;
      }
      return block;
    });
}
