import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { streamedOutput } from '../helpers/streamed-output.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-lint-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = '---\nid: w\ntitle: W\ntargets: [sandbox]\n---\n\n## A step\n\nText.\n';

describe('kong-workshop lint --watch', () => {
  it('lints again when a lesson changes, and stops on Ctrl-C', async () => {
    const file = join(dir, 'lesson.md');
    writeFileSync(file, GOOD);
    const child = execa('node', [cliPath, 'lint', '--watch', dir], { env: { NO_COLOR: '1' }, reject: false });
    const output = streamedOutput(child);
    await output.seen('2 warnings in 1 file');
    // A change made before the watcher is set up would never be seen: wait for it to say it watches.
    await output.seen('watching for changes', 'err');
    writeFileSync(file, GOOD.replace('title: W', 'titel: W'));
    await output.seen('unknown-key');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(output.out()).toMatch(/lesson\.md:3:1 error unknown-key/);
  }, 30_000);
});
