// The parser survives any input: every mutation of a real lesson yields a result or positioned
// diagnostics (never an exception), every position inside its line, and a bounded report. The
// mutation categories are those a fuzzer found crashes and hangs with; fast-check shrinks a failure
// to its smallest form and prints the seed that reproduces it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';

const repo = join(import.meta.dirname, '..', '..');
const seeds = [
  ...readdirSync(join(repo, 'lessons')).map((f) => join(repo, 'lessons', f)),
  ...['valid', 'invalid'].flatMap((dir) =>
    readdirSync(join(repo, 'fixtures', 'lessons', dir)).map((f) => join(repo, 'fixtures', 'lessons', dir, f)),
  ),
]
  .filter((path) => path.endsWith('.md'))
  .map((path) => readFileSync(path, 'utf8'));

const at = (text: string, where: number) => Math.floor(where * text.length);
const insert = (text: string, where: number, piece: string) =>
  text.slice(0, at(text, where)) + piece + text.slice(at(text, where));

type Mutation = (text: string) => string;
const where = fc.double({ min: 0, max: 1, noNaN: true });

const mutations: fc.Arbitrary<Mutation>[] = [
  // front matter corruption
  fc
    .constantFrom('', '---\n: :\n', '---\n[\n', '---\nid: [\n', '--- \n', '---\nid: *a\n', '---\n---\n---\n')
    .map((head) => (text: string) => text.replace(/^---\n/, head)),
  // deep nesting, in YAML flow and block form
  fc
    .integer({ min: 100, max: 20_000 })
    .map(
      (depth) => (text: string) => text.replace('```check http\n', `\`\`\`check http\nbody: ${'['.repeat(depth)}\n`),
    ),
  fc
    .integer({ min: 50, max: 2_000 })
    .map(
      (depth) => (text: string) =>
        text.replace(
          '```check http\n',
          `\`\`\`check http\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n`,
        ),
    ),
  // YAML aliases: undefined ones and a billion laughs
  fc.constant((text: string) => text.replace('```check http\n', '```check http\nbody: *nope\n')),
  fc.constant((text: string) =>
    text.replace(
      '```check http\n',
      '```check http\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c ' +
        '[*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
    ),
  ),
  // huge lines and counts
  fc.tuple(where, fc.integer({ min: 1_000, max: 200_000 })).map(
    ([w, n]) =>
      (text: string) =>
        insert(text, w, 'x'.repeat(n)),
  ),
  fc.constant((text: string) => text.replace(/status: (\d+)/, 'series:\n  status: [$1 x999999999]')),
  fc.constant((text: string) => `${text}\n## More\n\n${'```check http\nbogus: 1\n```\n\n'.repeat(300)}`),
  // patterns that backtrack
  fc.constant((text: string) => text.replace('```check http\n', '```check http\nbody:\n  matches: "^(a+)+$"\n')),
  // unbalanced fences and containers
  fc
    .tuple(where, fc.constantFrom('```', '~~~', ':::', '::: target=kind', '<details>', '</details>', '```sh run\n'))
    .map(
      ([w, piece]) =>
        (text: string) =>
          insert(text, w, piece),
    ),
  // unicode: RTL overrides, zero-width characters, combining marks, emoji, a BOM mid-file
  fc.tuple(where, fc.constantFrom('\u202e', '\u200b', '\u200d', '\ufeff', '\u0301', '👩‍💻', '𝒳', '\ud800')).map(
    ([w, piece]) =>
      (text: string) =>
        insert(text, w, piece),
  ),
  // NUL, CRLF, CR alone, truncation
  fc.tuple(where).map(
    ([w]) =>
      (text: string) =>
        insert(text, w, '\0'),
  ),
  fc.constant((text: string) => text.replace(/\n/g, '\r\n')),
  fc.constant((text: string) => text.replace(/\n/g, '\r')),
  where.map((w) => (text: string) => text.slice(0, at(text, w))),
  // includes that must never be read
  fc
    .constantFrom('', '/dev/zero', '/etc/passwd', '../../../../../../etc/hostname', '/proc/self/environ')
    .map((path) => (text: string) => text.replace('```bash', `\`\`\`text include=${path}`)),
  // an unquoted variable as a YAML key
  fc.constant((text: string) => text.replace('```check http\n', '```check http\n{{VAR}}: 1\n')),
];

const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }))
  .map(([seed, steps]) => steps.reduce((text, step) => step(text), seed));

describe('the parser under fuzzed input', () => {
  it('answers every mutation with a result or diagnostics inside the file', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const result = parseLesson(text, 'fuzz.md');
        const lines = text
          .replace(/^\uFEFF/, '')
          .replace(/\r\n?/g, '\n')
          .split('\n');
        expect(result.lesson !== undefined || result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        expect(result.diagnostics.length).toBeLessThanOrEqual(101);
        for (const d of result.diagnostics) {
          const line = lines[d.line - 1];
          expect(line, `${d.code} at ${d.line}:${d.column}`).toBeDefined();
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeLessThanOrEqual((line?.length ?? 0) + 1);
          expect(d.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  }, 180_000);
});
