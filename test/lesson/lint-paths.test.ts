import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonFiles, lintPaths, LintPathError } from '../../src/lesson/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good =
  '---\nid: ok\ntitle: OK\ntargets: [sandbox]\n---\n\n## ' +
  'Step\n\n<details>\n<summary>Hint</summary>\n\nh\n\n</details>\n\n' +
  '<details>\n<summary>Solution</summary>\n\ns\n\n</details>\n';
mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
mkdirSync(join(dir, '.hidden'));
writeFileSync(join(dir, 'b.md'), good);
writeFileSync(join(dir, 'README.md'), '# not a lesson');
writeFileSync(join(dir, 'notes.txt'), 'ignored');
writeFileSync(join(dir, 'nested', 'deeper', 'a.md'), good.replace('id: ok', 'id: Bad'));
writeFileSync(join(dir, '.hidden', 'c.md'), 'ignored');

describe('lintPaths', () => {
  it('finds *.md files recursively, in order, without READMEs and hidden folders', async () => {
    expect(await lessonFiles(dir)).toEqual([join(dir, 'b.md'), join(dir, 'nested', 'deeper', 'a.md')]);
  });

  it('lints files and folders, counting each file once', async () => {
    const result = await lintPaths([dir, join(dir, 'b.md')]);
    expect(result.files).toBe(2);
    expect(result.diagnostics.map((d) => [d.file, d.code, d.line, d.column])).toEqual([
      [join(dir, 'nested', 'deeper', 'a.md'), 'invalid-front-matter', 2, 5],
    ]);
  });

  it('refuses a path that does not exist', async () => {
    await expect(lintPaths([join(dir, 'nope')])).rejects.toBeInstanceOf(LintPathError);
  });
});
