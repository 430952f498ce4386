import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lessonJsonSchemas, type LessonSchemaName } from '../../src/lesson/index.js';
import { validateJsonSchema } from '../helpers/json-schema.js';

const root = join(import.meta.dirname, '..', '..');
const schemas = lessonJsonSchemas();

/** The front matter and every check and vars block of a lesson, with the schema each needs. */
function yamlParts(text: string): { schema: LessonSchemaName; line: number; value: unknown }[] {
  const parts: { schema: LessonSchemaName; line: number; value: unknown }[] = [];
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (front) parts.push({ schema: 'front-matter', line: 1, value: parse(front[1] ?? '') });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(check(?: (http|cmd|k8s))?|vars)\b/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', ticks = '```', role = '', kind = 'http'] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() !== ticks) {
      body.push((lines[j] ?? '').slice(indent.length));
      j++;
    }
    const schema: LessonSchemaName =
      role === 'vars' ? 'vars' : kind === 'cmd' ? 'check-cmd' : kind === 'k8s' ? 'check-k8s' : 'check-http';
    parts.push({ schema, line: i + 1, value: parse(body.join('\n')) });
    i = j;
  }
  return parts;
}

function lessonFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'assets'
        ? []
        : lessonFiles(join(dir, entry.name))
      : entry.name.endsWith('.md') && entry.name !== 'README.md'
        ? [join(dir, entry.name)]
        : [],
  );
}

const valid = [
  ...lessonFiles('lessons'),
  ...['valid', 'run', 'demo', 'tui', 'verify', 'assertions'].flatMap((dir) =>
    lessonFiles(join('fixtures', 'lessons', dir)),
  ),
];

describe('the JSON Schemas generated from the parser', () => {
  it('are the files shipped in schema/ (run `npm run schema` after changing a zod schema)', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      const shipped: unknown = JSON.parse(readFileSync(join(root, 'schema', `${name}.schema.json`), 'utf8'));
      expect(shipped, name).toEqual(schema);
    }
  });

  it.each(valid)('accept the front matter and every block of %s', (file) => {
    const parts = yamlParts(readFileSync(join(root, file), 'utf8'));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts)
      expect(validateJsonSchema(schemas[part.schema], part.value), `${file}:${part.line}`).toEqual([]);
  });

  it('reject misspelt and mistyped keys, naming the field', () => {
    const parts = yamlParts(readFileSync(join(root, 'fixtures', 'lessons', 'schema-invalid', 'misspelt.md'), 'utf8'));
    const errors = parts.map((part) => validateJsonSchema(schemas[part.schema], part.value));
    expect(errors[0]).toEqual(["$: missing required property 'title'", "$: unknown property 'titel'"]);
    expect(errors[1]).toEqual(["$: unknown property 'expcet'"]);
    expect(errors[2]).toEqual(['$.exit: expected integer, got "zero"']);
    expect(errors[3]?.join('\n')).toContain('$.expect.condition: matches none of the allowed forms');
    expect(errors[3]?.join('\n')).toContain("unknown property 'staus'");
    expect(errors[4]?.join('\n')).toContain("unknown property 'defualt'");
  });
});
