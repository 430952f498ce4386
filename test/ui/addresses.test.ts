import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';
import { stepProseLines } from '../../src/ui/lesson-prose.js';
import { lineText } from '../../src/ui/styled-text.js';

const lesson = parseLesson(
  [
    '---\nid: a\ntitle: A\ntargets: [sandbox]\n---\n',
    '## One\n\nNothing about addresses here.\n',
    '## Two\n\nThe proxy is at `{{PROXY}}` and the Admin API at `{{ADMIN}}`.\n\nAgain: `{{PROXY}}`.\n',
    '## Three\n\nAnd `{{PROXY}}` once more.\n',
  ].join('\n'),
  '/tmp/a.md',
).lesson!;

const text = (stepIndex: number) =>
  stepProseLines({
    lesson,
    stepIndex,
    previews: {},
    width: 80,
    showHint: false,
    showSolution: false,
    addresses: { PROXY: 'http://127.0.0.1:41234', ADMIN: 'http://127.0.0.1:41235' },
  })
    .lines.map(lineText)
    .join('\n');

describe('the target addresses in a lesson', () => {
  it('are said once, under the prose that first names them, with the ports this target chose', () => {
    expect(text(0)).not.toContain('↳');
    const two = text(1);
    expect(two.match(/↳ here/g)).toHaveLength(1);
    expect(two).toContain('↳ here PROXY is http://127.0.0.1:41234, ADMIN is http://127.0.0.1:41235');
    // The prose itself stays as written.
    expect(two).toContain('{{PROXY}}');
    expect(text(2)).not.toContain('↳');
  });
});
