import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const lesson = 'fixtures/lessons/run/rate-limit.md';

/** A usage error: exit 1, the message, and the usage line of the command that was typed. */
function expectUsage(result: { code: number; stderr: string; stdout: string }, usage: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`usage: kong-workshop ${usage}`);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('one output vocabulary: --format and --report-file', () => {
  it.each([
    [['run', lesson, '--json'], 'run', '--json is no longer supported: use --format json'],
    [['run', lesson, '-r', 'junit'], 'run', '-r/--reporter junit is no longer supported: use --format junit'],
    [['run', lesson, '--reporter', 'html'], 'run', '-r/--reporter html is no longer supported: use --format html'],
    [['run', lesson, '-o', 'json'], 'run', '-o/--output json is no longer supported: use --format json'],
    [['check', lesson, '-o', 'out.xml'], 'check', 'use --report-file out.xml'],
    [['verify', lesson, '--reporter', 'json'], 'verify', 'use --format json'],
    [['doctor', '--json'], 'doctor', 'use --format json'],
    [['sandbox', 'status', '--json'], 'sandbox status', 'use --format json'],
    [['lint', '--json'], 'lint', 'use --format json'],
    [['import', 'page.md', '--report', 'json'], 'import', 'use --format json'],
    [['get', 'kc', '-o', 'yaml'], 'get', 'use --format yaml'],
    [['class', 'export', '-o', 'class.csv'], 'class export', 'use --report-file class.csv'],
  ])('%j names the new spelling', async (args, usage, message) => {
    const result = await runCli(args);
    expectUsage(result, usage);
    expect(result.stderr).toContain(message);
  });

  it('every command that prints for machines offers --format in its help', async () => {
    for (const args of [['run'], ['check'], ['verify'], ['doctor'], ['sandbox', 'status'], ['lint'], ['import']]) {
      const result = await runCli([...args, '--help']);
      expect(result.stdout, args.join(' ')).toContain('--format <kind>');
      expect(result.stdout, args.join(' ')).not.toMatch(/--json|--reporter|--output/);
    }
  });

  it('lint --report-file: the chosen format in the file, text on the console', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kw-lint-')), 'lint.json');
    const result = await runCli([
      'lint',
      'fixtures/lessons/invalid/output.md',
      '--format',
      'json',
      '--report-file',
      file,
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/output\.md:\d+:\d+ error /);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ files: 1, diagnostics: expect.any(Array) });
  });

  it('sandbox status --format json is JSON', async () => {
    const result = await runCli(['sandbox', 'status', '--format', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({ running: false });
  });
});

describe('the CLI contract: bad input stops before any work, with usage', () => {
  it('an unknown flag', async () => {
    const result = await runCli(['check', lesson, '--nope']);
    expectUsage(result, 'check [options] [lessons...]');
    expect(result.stderr).toContain("unknown option '--nope'");
  });

  it('an unknown flag of a subcommand shows that subcommand', async () => {
    expectUsage(await runCli(['sandbox', 'status', '--nope']), 'sandbox status [options]');
  });

  it.each([
    ['run', '--proxy-port', 'abc'],
    ['run', '--admin-port', '70000'],
    ['sandbox', 'start', '--proxy-port', '-1'],
  ])('a bad port: %s %s %s', async (...args) => {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('expected a port number, 0 to 65535');
  });

  it('a report file where no folder can be made', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kw-contract-')), 'file');
    writeFileSync(file, '');
    const result = await runCli(['run', lesson, '--report-file', `${file}/reports/report.xml`]);
    expectUsage(result, 'run');
    expect(result.stderr).toContain(`cannot write in ${file}/reports (ENOTDIR)`);
  });

  it('a report file that is a folder', async () => {
    const result = await runCli(['check', lesson, '--report-file', tmpdir()]);
    expectUsage(result, 'check');
    expect(result.stderr).toContain('is a folder');
  });

  it('a work folder that is a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kw-contract-')), 'file');
    writeFileSync(file, '');
    const result = await runCli(['run', lesson, '--workdir', file]);
    expectUsage(result, 'run');
    expect(result.stderr).toContain('is a file, not a folder');
  });

  it('a variable name outside the one rule', async () => {
    const result = await runCli(['run', lesson, '--var', 'lower=x']);
    expectUsage(result, 'run');
    expect(result.stderr).toContain('variable names are upper case letters, digits and _');
    expect(result.stderr).toContain('--var LOWER=');
  });

  it('a lesson path that does not exist, with a hint', async () => {
    const result = await runCli(['run', 'lessons/no-such-lesson.md']);
    expectUsage(result, 'run');
    expect(result.stderr).toContain('lessons/no-such-lesson.md: no such lesson file or folder');
    expect(result.stderr).toMatch(/hint: check the path from .*; bundled lessons run by name/);
  });
});
