import { describe, expect, it } from 'vitest';
import { projectLesson } from '../../src/lesson/index.js';
import { fence, valid } from './helpers.js';

const FRONT =
  '---\nid: p\ntitle: P\ntargets: [sandbox, kind, konnect]\nvars:\n  TOKEN: { prompt: Token, targets: [konnect] }\n  ' +
  'NAME: alex\n---\n';
const text =
  `${FRONT}Intro.\n\n::: target=kind\n\nKind intro.\n\n:::\n\n::: target=sandbox\n\n## Apply\n\n` +
  `${fence('sh run', 'echo sandbox')}\n:::\n\n::: target=kind,konnect\n\n## Apply\n\n` +
  `${fence('sh run target=kind', 'echo kind')}\n${fence('sh run target=konnect', 'echo {{TOKEN}}')}\n:::\n\n` +
  `## Check\n\n${fence('vars', 'EXTRA: { default: x, targets: [kind] }\nALWAYS: y')}\n<details>\n` +
  `<summary>Hint</summary>\n\n::: target=konnect\n\nkonnect hint\n\n:::\n\n</details>\n\n## Clean up\n\n` +
  `${fence('sh run target=kind', 'echo bye')}`;

describe('projectLesson', () => {
  const lesson = valid(text);

  it.each([
    ['sandbox', ['apply', 'check'], ['echo sandbox'], ['NAME'], ['ALWAYS'], 0, 0],
    ['kind', ['apply', 'check'], ['echo kind'], ['NAME'], ['EXTRA', 'ALWAYS'], 0, 1],
    ['konnect', ['apply', 'check'], ['echo {{TOKEN}}'], ['TOKEN', 'NAME'], ['ALWAYS'], 1, 0],
  ] as const)('keeps only what runs on %s', (target, steps, commands, vars, blockVars, hints, cleanupBlocks) => {
    const projected = projectLesson(lesson, target);
    expect(projected.steps.map((s) => [s.id, s.index])).toEqual(steps.map((id, index) => [id, index]));
    expect(projected.steps[0]!.blocks.flatMap((b) => (b.type === 'run' ? [b.command] : []))).toEqual(commands);
    expect(projected.vars.map((v) => v.name)).toEqual(vars);
    const varsBlock = projected.steps[1]!.blocks.find((b) => b.type === 'vars');
    expect(varsBlock?.type === 'vars' && varsBlock.vars.map((v) => v.name)).toEqual(blockVars);
    expect(projected.steps[1]!.sections.flatMap((s) => s.blocks).length).toBe(hints);
    expect(projected.cleanup?.blocks.length).toBe(cleanupBlocks);
    expect(projected.cleanup?.index).toBe(2);
  });

  it('keeps intro prose for its targets and leaves the lesson untouched', () => {
    expect(projectLesson(lesson, 'kind').intro.length).toBe(2);
    expect(projectLesson(lesson, 'sandbox').intro.length).toBe(1);
    expect(lesson.steps.length).toBe(3);
  });
});
