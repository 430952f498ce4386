import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';

// docs/lesson-format.md is the authors' contract: its examples must stay valid.
const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'lesson-format.md'), 'utf8');

function blockAfter(heading: string, fence: string): string {
  const from = doc.indexOf(heading);
  const start = doc.indexOf(`${fence}\n`, from) + fence.length + 1;
  const closing = /^`+/.exec(fence)![0];
  return doc.slice(start, doc.indexOf(`\n${closing}\n`, start));
}

describe('docs/lesson-format.md', () => {
  it('has a complete example that lints clean', () => {
    const result = parseLesson(`${blockAfter('## A complete example', '````markdown')}\n`, 'docs/example.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.lesson?.steps.map((s) => s.id)).toEqual(['turn-on-key-auth']);
    expect(result.lesson?.cleanup?.id).toBe('clean-up');
  });

  it.each([
    ['### HTTP', 'check', 'sandbox'],
    ['### Commands', 'check cmd', 'sandbox'],
    ['### Kubernetes', 'check k8s', 'kind'],
    ['### Checks judge state', 'check', 'sandbox'],
  ])('has a valid %s check example', (heading, info, target) => {
    const yaml = blockAfter(heading, '```yaml');
    const lesson = `---\nid: doc\ntitle: Doc\ntargets: [${target}]\n---\n\n## Step\n\n\`\`\`${info}\n${yaml}\n\`\`\`\n`;
    expect(parseLesson(lesson, 'doc.md').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('has JSON path examples that lint clean', () => {
    const yaml = `request: GET {{PROXY}}/\n${blockAfter('### JSON paths', '```yaml')}`;
    const lesson = `---\nid: doc\ntitle: Doc\ntargets: [sandbox]\n---\n\n## Step\n\n\`\`\`check\n${yaml}\n\`\`\`\n`;
    const result = parseLesson(lesson, 'doc.md');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const check = result.lesson?.steps[0]?.blocks[0];
    expect(
      check?.type === 'check' && check.spec.kind === 'http' ? Object.keys(check.spec.expect.json) : [],
    ).toHaveLength(3);
  });

  it('has a valid vars example', () => {
    const yaml = blockAfter('A variable declaration', '```vars');
    const lesson =
      '---\nid: doc\ntitle: Doc\ntargets: [sandbox, kind]\n---\n\n## Step\n\n' + `\`\`\`vars\n${yaml}\n\`\`\`\n`;
    expect(parseLesson(lesson, 'doc.md').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
