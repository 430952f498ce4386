import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Lexer } from 'marked';
import { parseLesson } from '../src/lesson/index.js';
import { root, row, timePaired, type Bench, type BenchRow } from './lib.js';

/** Every bundled lesson and every fixture lesson, valid or not. */
function lessonFiles(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
        )
      : [];
  return [...walk(join(root, 'lessons')), ...walk(join(root, 'fixtures', 'lessons'))].sort();
}

export const bench: Bench = {
  title: 'Lesson parsing',
  async run() {
    const rows: BenchRow[] = [];
    const repeat = 20;
    let parseTotal = 0;
    let lexTotal = 0;
    for (const file of lessonFiles()) {
      const text = readFileSync(file, 'utf8');
      // Each sample parses the file `repeat` times, so a sample is long enough to time well.
      const result = await timePaired(
        () => {
          for (let i = 0; i < repeat; i++) parseLesson(text, file);
        },
        () => {
          for (let i = 0; i < repeat; i++) new Lexer().lex(text);
        },
        25,
      );
      parseTotal += result.a / repeat;
      lexTotal += result.b / repeat;
      rows.push(
        row(
          `\`${relative(root, file)}\` (${text.split('\n').length} lines)`,
          result.a / repeat,
          'ms',
          '`marked.lexer`',
          result.b / repeat,
        ),
      );
    }
    rows.push(row(`all ${rows.length} lessons`, parseTotal, 'ms', '`marked.lexer`', lexTotal));
    return {
      title: this.title,
      method:
        'Median time of `parseLesson` (markdown, front matter, every check and vars YAML, schemas, all lint rules on ' +
        'every target) per lesson file, against `marked.lexer` alone on the same text, timed in alternation (25 ' +
        'paired samples of 20 parses each after 2 warm-ups).',
      rows,
      notes: [
        'The ratio is what YAML with node ranges, the schemas, positions and lint on every target cost on top of the ' +
          'markdown lexer. About 40% of it is the `yaml` package parsing front matter and check blocks, 10% zod, 5% ' +
          'marked; the rest is the parser itself.',
        'The rows are informational: a lesson parses in about a millisecond, well under what an editor save or the ' +
          'home screen would notice.',
      ],
    };
  },
};
