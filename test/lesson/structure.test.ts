import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';
import { errors, fence, FRONT, source, valid, warnings } from './helpers.js';

const withSections =
  '<details>\n<summary>Hint</summary>\n\nTry ' +
  'again.\n\n</details>\n\n<details>\n<summary>Solution</summary>\n\n```sh\necho done\n```\n\n</details>\n';

describe('lesson structure', () => {
  it('reads front matter, intro, steps and the clean-up', () => {
    const lesson = valid(
      source(
        `# Title\n\nIntro text.\n\n## First step\n\nDo it.\n\n${fence('sh run', 'echo one')}\n${withSections}\n## ` +
          `Second \`step\`!\n\n${withSections}\n## Clean up\n\n${fence('sh run', 'echo bye')}`,
        '---\nid: demo\ntitle: Demo\nsummary: A demo.\nduration: 1h30m\ntargets: [kind, sandbox]\nrequires:\n  ' +
          'tools: [curl]\n---\n',
      ),
    );
    expect(lesson).toMatchObject({
      id: 'demo',
      title: 'Demo',
      summary: 'A demo.',
      durationMs: 5_400_000,
      targets: ['kind', 'sandbox'],
      tools: { '*': [{ name: 'curl' }] },
    });
    expect(lesson.intro.map((b) => b.type === 'prose' && b.markdown)).toEqual(['# Title\n\nIntro text.']);
    expect(lesson.steps.map((s) => [s.id, s.index, s.title])).toEqual([
      ['first-step', 0, 'First step'],
      ['second-step', 1, 'Second `step`!'],
    ]);
    expect(lesson.steps[0]!.blocks.map((b) => [b.type, b.id])).toEqual([
      ['prose', 'first-step-1'],
      ['run', 'first-step-2'],
    ]);
    expect(lesson.steps[0]!.sections.map((s) => [s.kind, s.blocks.map((b) => b.type)])).toEqual([
      ['hint', ['prose']],
      ['solution', ['display']],
    ]);
    expect(lesson.cleanup).toMatchObject({ id: 'clean-up', index: 2, blocks: [{ type: 'run', command: 'echo bye' }] });
    expect(lesson.file).toMatch(/lesson\.md$/);
  });

  it.each([
    ['Clean up', true],
    ['Cleanup', true],
    ['Clean-up', true],
    ['Cleaning the house', false],
  ])('## %s is the clean-up: %s', (heading, isCleanup) => {
    const lesson = valid(source(`## ${heading}\n\n${fence('sh run', 'true')}`));
    expect(lesson.cleanup !== undefined).toBe(isCleanup);
    expect(lesson.steps.length).toBe(isCleanup ? 0 : 1);
  });

  it('reads <details> sections, including presenter notes and summaries in other spellings', () => {
    const lesson = valid(
      source(
        `## Step\n\n<details><summary>hint</summary>\n\nH\n\n</details>\n\n<details>\n<summary><b>Presenter ` +
          `notes</b></summary>\n\nN\n\n</details>\n\n<details>\n<summary>More about it</summary>\n\nplain details ` +
          `stay prose\n\n</details>\n`,
      ),
    );
    const step = lesson.steps[0]!;
    expect(step.sections.map((s) => s.kind)).toEqual(['hint', 'notes']);
    expect(step.blocks.map((b) => b.type === 'prose' && b.markdown).join('\n')).toContain('plain details stay prose');
  });

  it('keeps a step-wrapping container to its targets, and lets variants share an id', () => {
    const lesson = valid(
      source(
        `::: target=sandbox\n\n## Apply\n\n${fence('sh run', 'echo sandbox')}\n:::\n\n::: target=kind\n\n## ` +
          `Apply\n\n${fence('sh run', 'echo kind')}\n:::\n`,
      ),
    );
    expect(lesson.steps.map((s) => [s.id, s.targets])).toEqual([
      ['apply', ['sandbox']],
      ['apply', ['kind']],
    ]);
  });

  it('scopes prose, blocks and sections inside a container', () => {
    const lesson = valid(
      source(
        `## Step\n\n::: target=kind\n\nOnly ` +
          `kind.\n\n${fence('sh run', 'kubectl get pods')}\n<details>\n<summary>Hint</summary>\n\nkind ` +
          `hint\n\n</details>\n\n:::\n\nEveryone.\n`,
      ),
    );
    const step = lesson.steps[0]!;
    expect(step.targets).toBeUndefined();
    expect(step.blocks.map((b) => [b.type, b.targets])).toEqual([
      ['prose', ['kind']],
      ['run', ['kind']],
      ['prose', undefined],
    ]);
    expect(step.sections[0]!.targets).toEqual(['kind']);
  });

  it('narrows a block target inside a container, and ::: lines need no blank lines inside paragraphs', () => {
    const lesson = valid(
      source(
        `## Step\n\nIntro line\n::: target=sandbox,kind\nScoped line\n:::\n\n${fence('sh run target=kind', 'echo')}`,
      ),
    );
    const [before, scoped, run] = lesson.steps[0]!.blocks;
    expect(before).toMatchObject({ type: 'prose', markdown: 'Intro line' });
    expect(scoped).toMatchObject({ type: 'prose', markdown: 'Scoped line', targets: ['sandbox', 'kind'] });
    expect(run).toMatchObject({ type: 'run', targets: ['kind'] });
  });

  it('hoists runnable fences out of list items and quotes, keeping plain code in the prose', () => {
    const lesson = valid(
      source(
        `## Step\n\n1. First:\n\n   \`\`\`sh run\n   echo one\n   \`\`\`\n\n   \`\`\`sh\n   shown only\n   ` +
          `\`\`\`\n2. Second\n\n> \`\`\`check cmd\n> run: "true"\n> \`\`\`\n`,
      ),
    );
    const blocks = lesson.steps[0]!.blocks;
    expect(blocks.map((b) => b.type)).toEqual(['prose', 'run', 'prose', 'check']);
    expect(blocks[1]).toMatchObject({ command: 'echo one', source: { line: 10, column: 4 } });
    expect(blocks[2]).toMatchObject({ markdown: expect.stringContaining('shown only') });
    expect(blocks[3]).toMatchObject({ spec: { kind: 'cmd', command: 'true' }, source: { line: 19, column: 3 } });
  });

  it('gives blocks their id= or <step>-<n>, and section blocks <step>-<kind>-<n>', () => {
    const lesson = valid(
      source(
        `Intro\n\n## ` +
          `Go\n\n${fence('sh run id=first', 'true')}\n${fence('sh', 'shown')}\n<details>\n` +
          `<summary>Solution</summary>\n\n${fence('sh', 'x')}\n</details>\n`,
      ),
    );
    expect(lesson.intro[0]!.id).toBe('intro-1');
    expect(lesson.steps[0]!.blocks.map((b) => b.id)).toEqual(['first', 'go-2']);
    expect(lesson.steps[0]!.sections[0]!.blocks.map((b) => b.id)).toEqual(['go-solution-1']);
  });

  it('reads CRLF files with the same positions as LF ones', () => {
    const text = source(`## Step\n\n${fence('sh run timout=1s', 'true')}`);
    expect(errors(text.replace(/\n/g, '\r\n'))).toEqual(errors(text));
    expect(errors(text)).toEqual(['unknown-attribute 8:11']);
  });

  it('warns about a step without hint or solution, per target when variants differ', () => {
    expect(warnings(source('## Bare\n\nNothing.\n'))).toEqual(['missing-hint 6:1', 'missing-solution 6:1']);
    const partial = parseLesson(
      source(
        '## Step\n\n::: ' +
          'target=kind\n\n<details>\n<summary>Hint</summary>\n\nk\n\n</details>\n\n:::\n\n' +
          '<details>\n<summary>Solution</summary>\n\ns\n\n</details>\n',
      ),
      'l.md',
    );
    expect(partial.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "missing-hint: step 'step' has no hint for target sandbox",
    ]);
  });

  it('keeps every error of a file, and no lesson', () => {
    const result = parseLesson(
      source(
        `## A\n\n${fence('sh run timout=1s', 'echo {{NOPE}}')}\n${fence(
          'check',
          'request: GET {{PROXY}}/x\nexpect: ' + '{ stauts: 200 }',
        )}`,
      ),
      'l.md',
    );
    expect(result.lesson).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'unknown-attribute',
      'undefined-variable',
      'unknown-key',
    ]);
  });

  it('needs front matter', () => {
    expect(errors('## Step\n')).toEqual(['missing-front-matter 1:1']);
    expect(errors('---\nid: x\n\n## Step\n')).toEqual(['missing-front-matter 1:1']);
    expect(FRONT.split('\n').length).toBe(6);
  });
});
