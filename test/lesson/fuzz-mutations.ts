// The fuzzer's mutation categories, shared by the property test (every CI run, a few hundred
// cases) and bench/fuzz-lessons.ts (10,000 cases by hand): front matter corruption, deep nesting,
// aliases, huge lines and counts, backtracking patterns, unbalanced fences, unicode, NUL, CRLF,
// truncation, includes that must never be read, unquoted variable keys, file= paths that lead out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const repo = join(import.meta.dirname, '..', '..');
/** The bundled lessons and the valid and invalid fixture lessons, as text. */
export const seeds = [
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

export type Mutation = (text: string) => string;
const where = fc.double({ min: 0, max: 1, noNaN: true });

export const mutations: fc.Arbitrary<Mutation>[] = [
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
  // file= paths whose variables lead out, and a variable named in every way a name can be wrong
  fc
    .constantFrom('{{UP}}/{{UP}}/x', '{{DEST}}/x', '{{LESSON_DIR}}/../x', '{{WORKDIR}}/{{UP}}', '{{ lower }}/x', '{{}}')
    .map(
      (path) => (text: string) =>
        text.replace(/^---\n/, '---\nvars:\n  UP: { default: .. }\n').replace(/file=\S+/, `file=${path}`),
    ),
];

/** A seed lesson with one to three mutations applied. */
export const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }))
  .map(([seed, steps]) => steps.reduce((text, step) => step(text), seed));

/** Why a diagnostic's position is not inside the text (undefined when every one is), as the editor counts lines. */
export function positionProblem(
  text: string,
  diagnostics: readonly { line: number; column: number; code: string }[],
): string | undefined {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  for (const d of diagnostics) {
    const line = lines[d.line - 1];
    if (line === undefined) return `${d.code} at ${d.line}:${d.column}: no such line`;
    if (d.column < 1 || d.column > line.length + 1) return `${d.code} at ${d.line}:${d.column}: past its line`;
  }
  return undefined;
}
