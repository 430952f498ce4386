import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-lint-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = '---\nid: w\ntitle: W\ntargets: [sandbox]\n---\n\n## A step\n\nText.\n';

describe('kong-workshop lint --watch', () => {
  it('lints again when a lesson changes, and stops on Ctrl-C', async () => {
    const file = join(dir, 'lesson.md');
    writeFileSync(file, GOOD);
    const child = execa('node', [cliPath, 'lint', '--watch', dir], { env: { NO_COLOR: '1' }, reject: false });
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => (out.includes(text) ? resolve() : undefined);
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          check();
        });
        check();
      });
    await seen('2 warnings in 1 file');
    writeFileSync(file, GOOD.replace('title: W', 'titel: W'));
    await seen('unknown-key');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(out).toMatch(/lesson\.md:3:1 error unknown-key/);
  }, 30_000);
});
