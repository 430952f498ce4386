import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseLesson } from '../../src/lesson/index.js';

const root = join(import.meta.dirname, '..', '..', 'fixtures', 'lessons');
const lessons = ['valid', 'invalid'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8')),
);
const pieces = [
  '```',
  '~~~',
  ':::',
  '::: target=kind',
  '<details>',
  '</details>',
  '<summary>Hint</summary>',
  '{{',
  '}}',
  '\n',
  '---',
  '## ',
  '- ',
  '> ',
  '"',
  ': ',
  '\t',
  '[',
  '{',
  '\\{{X}}',
  '\r\n',
  '```check k8s\n',
  '```sh run capture=X\n',
];

// A seeded generator, so a failure reproduces.
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state % n;
  };
}

function damage(text: string, next: (n: number) => number): string {
  let out = text;
  for (let edits = 1 + next(4); edits > 0; edits--) {
    const at = next(out.length + 1);
    const kind = next(3);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + next(20));
    else if (kind === 1) out = out.slice(0, at) + pieces[next(pieces.length)]! + out.slice(at);
    else
      out = out
        .split('\n')
        .filter((_, i, all) => i !== next(all.length))
        .join('\n');
  }
  return out;
}

describe('damaged lessons', () => {
  it('never throw, and every diagnostic points into the file with a hint', () => {
    const next = random(20_251_123);
    for (let i = 0; i < 400; i++) {
      const text = damage(lessons[next(lessons.length)]!, next);
      const lines = text.split(/\r\n|\r|\n/).length;
      const result = parseLesson(text, 'damaged.md');
      for (const d of result.diagnostics) {
        expect(d.line, `${d.code} in:\n${text}`).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.hint).not.toBe('');
        expect(formatDiagnostic(d, { sourceText: text })).toContain(`damaged.md:${d.line}:${d.column}`);
      }
      expect(result.lesson !== undefined).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
    }
  });
});
