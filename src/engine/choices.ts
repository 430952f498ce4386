import type { Block, ChoiceGroup, Lesson, Step, VarSpec } from '../lesson/index.js';

/**
 * A learner's choice is asked like a variable named after it (so the pick is exported to the
 * shell, saved with progress, and given headless with `--choice ROUTING=ingress` or `--var`):
 * the options are the only answers, and the first is the default.
 */
export function choiceVariable(group: ChoiceGroup): VarSpec {
  const listed = group.options.map((option, index) => `${index + 1} ${option}`).join(' · ');
  return {
    name: group.name,
    prompt: `Which way do you follow for ${group.name.toLowerCase().replace(/_/g, ' ')}?`,
    default: group.options[0],
    secret: false,
    hint: `${listed}: type a number or a name`,
    options: group.options,
    source: group.source,
  };
}

/** The choices a step has parts for, in the order the lesson first names them. */
export function choicesOf(lesson: Lesson, step: Step): ChoiceGroup[] {
  const used = new Set<string>();
  const note = (tags: Block['choices']) => {
    for (const tag of tags ?? []) used.add(tag.group);
  };
  for (const block of step.blocks) note(block.choices);
  for (const section of step.sections) {
    note(section.choices);
    for (const block of section.blocks) note(block.choices);
  }
  return (lesson.choices ?? []).filter((group) => used.has(group.name));
}
