import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { corpusDir } from './corpus.js';

describe('kong-workshop import', () => {
  it('a source that does not exist is a usage error with a hint', async () => {
    const result = await runCli(['import', 'no/such/page.md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no/such/page.md does not exist');
    expect(result.stderr).toMatch(/page \(\*\.md\) or a folder/);
  });

  it.skipIf(!corpusDir)('writes lessons that lint clean and prints the JSON report', async () => {
    const out = tempDir('import-cli-');
    const page = join(
      corpusDir!,
      'kong-developer-docs',
      'gateway__add-rate-limiting-for-a-consumer-with-kong-gateway.md',
    );
    const result = await runCli(['import', page, '--out', out, '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      pages: { lesson: string; validations: { kind: string; outcome: string; line: number }[] }[];
    };
    expect(report.pages[0]!.validations).toEqual([
      expect.objectContaining({ kind: 'rate-limit-check', outcome: 'converted', line: 109 }),
    ]);
    expect(existsSync(join(out, report.pages[0]!.lesson))).toBe(true);
    const lint = await runCli(['lint', '--strict', out]);
    expect(lint.stdout).toContain('1 file ok');
    expect(lint.code).toBe(0);
  });
});
