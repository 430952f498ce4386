import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringLiterals } from './string-literals.js';

/**
 * One word per idea (docs/wording.md): no string in src/ says a word the glossary rules out.
 * The glossary's table is the list; this file holds only the genuine exceptions.
 */

interface Rule {
  readonly say: string;
  readonly form: string;
  readonly pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The table's rows: what to say, and each ruled-out form as a whole-word pattern. */
function rules(): Rule[] {
  const table = readFileSync('docs/wording.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| idea'));
  return table.flatMap((row) => {
    const [, say = '', not = ''] = row.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim());
    // Forms are separated by commas; a form with a comma of its own is quoted.
    return (not.match(/`[^`]*`|"[^"]*"|[^,]+/g) ?? [])
      .map((form) => form.trim())
      .filter((form) => form && form !== '—')
      .map((form) => {
        const exact = /^`.*`$/.test(form);
        const bare = /^[`"].*[`"]$/.test(form) ? form.slice(1, -1) : form;
        const body = bare.split('…').map(escapeRegExp).join('.{0,80}?');
        return { say, form: bare, pattern: new RegExp(`(?<![\\w$-])${body}(?![\\w-])`, exact ? '' : 'i') };
      });
  });
}

interface Allowed {
  readonly file: string;
  readonly form: string;
  /** The string the form may appear in (a part of it). */
  readonly within: string;
  readonly why: string;
}

const ALLOWED: readonly Allowed[] = [
  { file: 'src/report/junit.ts', form: 'tests', within: 'tests="', why: 'JUnit XML attribute' },
  { file: 'src/verify/report.ts', form: 'tests', within: 'tests="', why: 'JUnit XML attribute' },
  { file: 'src/kube/client.ts', form: 'the user', within: 'the user entry', why: 'a kubeconfig `users` entry' },
  { file: 'src/lesson/json-path/parse.ts', form: 'test', within: 'not a test', why: 'JSONPath filter test' },
  { file: 'src/lesson/kubectl-jsonpath.ts', form: 'expected …, got', within: '', why: 'a parser’s error, for authors' },
  { file: 'src/import/', form: 'validation', within: '', why: 'Kong docs’ `validation` blocks, by name' },
  { file: 'src/import/', form: 'validations', within: '', why: 'Kong docs’ `validation` blocks, by name' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Words a person reads: text with a space in it, or one capitalised word (`Stopped`, `FAILED`);
 * not a stylesheet or a script held in a template (many braces and semicolons: class names there
 * are code).
 */
const isProse = (text: string) =>
  (/\S\s+\S/.test(text) || /^[A-Z][A-Za-z]+$/.test(text)) && (text.match(/[{};]/g)?.length ?? 0) < 12;

const isAllowed = (file: string, form: string, text: string, used: Set<Allowed>) => {
  const entry = ALLOWED.find(
    (a) => file.startsWith(a.file) && (a.form === '' || a.form === form) && text.includes(a.within),
  );
  if (entry) used.add(entry);
  return entry !== undefined;
};

describe('wording', () => {
  it('says one word per idea in every string of src/', () => {
    const all = rules();
    expect(all.length).toBeGreaterThan(20);
    const used = new Set<Allowed>();
    const problems: string[] = [];
    for (const file of sourceFiles('src')) {
      for (const literal of stringLiterals(readFileSync(file, 'utf8'))) {
        if (!isProse(literal.text)) continue;
        for (const rule of all) {
          if (!rule.pattern.test(literal.text) || isAllowed(file, rule.form, literal.text, used)) continue;
          problems.push(
            `${file}:${literal.line}: say "${rule.say}", not "${rule.form}": ${literal.text.slice(0, 100)}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    // An exception nobody needs any more is a door left open: close it.
    expect(ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.file} ${a.form}`)).toEqual([]);
  });
});

describe('the string lexer', () => {
  it('reads quoted strings and template text, and skips comments, regular expressions and JSX tags', () => {
    const source = [
      "const a = 'one word'; // 'not this'",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, as text
      '/* "nor this" */ const b = `x ${a ? `inner ${1}` : "in expr"} y`;',
      "const r = /it's a regex/.test(a) ? 1 / 2 / 3 : 'after';",
      "const j = <Text>hi</Text>; const k = 'k';",
    ].join('\n');
    expect(stringLiterals(source).map((s) => `${s.line}:${s.text}`)).toEqual([
      '1:one word',
      '2:inner …',
      '2:in expr',
      '2:x … y',
      '3:after',
      '4:k',
    ]);
  });
});
