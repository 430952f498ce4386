import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the built CLI (npm run build) as a user would.
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'kong-workshop.mjs');
const fixtures = join(root, 'fixtures', 'lessons');
const run = promisify(execFile);

async function lint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'lint', ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'kw-lint-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kong-workshop lint', () => {
  it('passes the valid fixtures with exit 0', async () => {
    const result = await lint(join('fixtures', 'lessons', 'valid'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('4 files ok\n');
  });

  it('prints every error with file:line:col, the source line and a hint, and exits 2', async () => {
    const result = await lint(join('fixtures', 'lessons', 'invalid'));
    expect(result.code).toBe(2);
    const headers = result.stdout.split('\n').filter((line) => / (error|warning) [a-z-]+: /.test(line));
    expect(headers.length).toBe(94);
    for (const header of headers)
      expect(header).toMatch(/^fixtures\/lessons\/invalid\/[a-z-]+\.md:\d+:\d+ (error|warning) [a-z-]+: \S/);
    expect(result.stdout.match(/^ {2}hint: \S/gm)?.length).toBe(94);
    expect(result.stdout).toContain(
      [
        "fixtures/lessons/invalid/blocks-and-attributes.md:15:11 error unknown-attribute: unknown attribute 'timout' " +
          'on a run block',
        '  15 | ```sh run timout=30s',
        '     |           ^^^^^^',
        "  hint: did you mean 'timeout'? Run blocks take target, id, timeout, exit, capture and secret",
      ].join('\n'),
    );
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('74 errors, 20 warnings in 6 files');
  });

  it('reports JSON with --format json', async () => {
    const result = await lint('--format', 'json', join('fixtures', 'lessons', 'invalid', 'front-matter.md'));
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as {
      files: number;
      errors: number;
      warnings: number;
      diagnostics: { code: string; line: number; column: number; hint: string }[];
    };
    expect(report).toMatchObject({ files: 1, errors: 10, warnings: 0 });
    expect(report.diagnostics[2]).toMatchObject({
      code: 'unknown-key',
      line: 3,
      column: 1,
      hint: expect.stringContaining("did you mean 'title'?"),
    });
  });

  it('fails on warnings only with --strict', async () => {
    const file = join(tmp, 'warn.md');
    writeFileSync(file, '---\nid: w\ntitle: W\ntargets: [sandbox]\n---\n\n## No hint here\n\nText.\n');
    const relaxed = await lint(file);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout.trimEnd().split('\n').pop()).toBe('2 warnings in 1 file');
    expect((await lint('--strict', file)).code).toBe(2);
  });

  it('exits 1 with usage help for a bad flag, and 1 for a path that does not exist', async () => {
    const flag = await lint('--format', 'yaml', fixtures);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("argument 'yaml' is invalid");
    const missing = await lint(join(tmp, 'nope.md'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: .*nope\.md does not exist\nhint: /);
  });

  it('reports a JSON path it cannot read at its column, and exits 2', async () => {
    const result = await lint(join('fixtures', 'lessons', 'json-path', 'bad-path.md'));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      [
        'fixtures/lessons/json-path/bad-path.md:21:29 error invalid-json-path: bad JSON path "$.data[?(@.username == ' +
          'alex)].id": "alex" is not a value',
        '  21 |     "$.data[?(@.username == alex)].id": { present: true }',
        '     |                             ^^^^',
        '  hint: a filter starts paths with @ (the item) and quotes text: @.alex or "alex"',
      ].join('\n'),
    );
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('1 error in 1 file');
  });

  it('prints GitHub workflow annotations with --format github', async () => {
    const result = await lint('--format', 'github', join('fixtures', 'lessons', 'json-path', 'bad-path.md'));
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')[0]).toBe(
      '::error file=fixtures/lessons/json-path/bad-path.md,line=21,col=29,title=invalid-json-path::' +
        'bad JSON path "$.data[?(@.username == alex)].id": "alex" is not a value. ' +
        'hint: a filter starts paths with @ (the item) and quotes text: @.alex or "alex"',
    );
    const warned = join(tmp, 'warn-github.md');
    writeFileSync(warned, '---\nid: w\ntitle: W\ntargets: [sandbox]\n---\n\n## No hint here\n\nText.\n');
    const warnings = await lint('--format', 'github', warned);
    expect(warnings.code).toBe(0);
    expect(warnings.stdout).toMatch(/^::warning file=[^,]+warn-github\.md,line=7,col=1,title=missing-hint::/m);
  });
});
