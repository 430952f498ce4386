// The light entry: previews are drawn before the parser is needed.
import { variableReferences, type Step } from '../lesson/model.js';

export interface PreviewVariables {
  get(name: string): string | undefined;
  isSecret(name: string): boolean;
}

/**
 * A step's commands as they are about to run: values known now are filled in, so the learner
 * sees the real URL; secrets and values a later block captures stay as `{{NAME}}`, so nothing
 * secret reaches the screen and nothing is guessed. The solution's code is filled in the same way,
 * so a learner can type it as shown (`{{FIXTURES}}` becomes the installed fixtures folder).
 */
export function commandPreviews(
  step: Step | undefined,
  variables: PreviewVariables,
  redact: (text: string) => string,
): Record<string, string> {
  const previews: Record<string, string> = {};
  for (const block of step?.blocks ?? []) {
    if (block.type === 'run') previews[block.id] = redact(fillKnown(block.command, variables));
    else if (block.type === 'file' && !block.raw) previews[block.id] = redact(fillKnown(block.content, variables));
  }
  for (const section of step?.sections ?? []) {
    if (section.kind !== 'solution') continue;
    for (const block of section.blocks)
      if (block.type === 'display' && !block.include) previews[block.id] = redact(fillKnown(block.code, variables));
  }
  return previews;
}

function fillKnown(text: string, variables: PreviewVariables): string {
  let out = '';
  let at = 0;
  for (const ref of variableReferences(text)) {
    const value = variables.isSecret(ref.name) ? undefined : variables.get(ref.name);
    out += text.slice(at, ref.index) + (value ?? text.slice(ref.index, ref.index + ref.length));
    at = ref.index + ref.length;
  }
  return (out + text.slice(at)).replace(/\\\{\{/g, '{{');
}
