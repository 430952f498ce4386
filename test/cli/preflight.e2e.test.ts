import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/doctor/tools.js';
import { cliPath, repoRoot } from '../helpers/cli.js';

/** A PATH with only these real tools on it: bash is found, deck is not (whatever this machine has). */
function pathWith(tools: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kw-preflight-bin-'));
  for (const tool of tools) {
    const real = findExecutable(tool, process.env, { os: process.platform });
    if (!real) throw new Error(`this test needs ${tool} on PATH`);
    symlinkSync(real, join(dir, tool));
  }
  return dir;
}

const kw = (args: string[], path: string) =>
  execa(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    reject: false,
    stdin: 'ignore',
    env: { PATH: path, NO_COLOR: '1' },
  });

describe('run and check stop before the first step when the machine lacks what doctor requires', () => {
  const gateway = ['--target', 'gateway', '--var', 'PROXY=http://127.0.0.1:9', '--var', 'ADMIN=http://127.0.0.1:9'];

  it.each(['run', 'check'])(
    '%s --target gateway without deck: exit 3, the install command, nothing run',
    async (mode) => {
      const result = await kw([mode, '02-key-auth', ...gateway], pathWith(['bash', 'curl']));
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toMatch(
        /✖ deck {2}not found on PATH\n {4}fix: curl -sL https:\/\/github\.com\/kong\/deck\//,
      );
      expect(result.stderr).toContain('error: not ready for the gateway target: deck; nothing was run');
      expect(result.stderr).toContain('kong-workshop doctor --target gateway');
      // Before the target is even contacted, and before any step.
      expect(result.stderr).not.toContain("checking Kong's Admin API");
      expect(result.stdout).not.toContain('[1/');
      expect(result.stderr).not.toContain('✖ bash');
    },
  );

  it('doctor --target gateway says the same about deck', async () => {
    const result = await kw(['doctor', '--target', 'gateway'], pathWith(['bash', 'curl']));
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/✖ deck +not found on PATH\n +fix: curl -sL https:\/\/github\.com\/kong\/deck\//);
    expect(result.stdout).toMatch(/✔ bash /);
  });

  it('without bash, a sandbox run says so instead of ending 127 in silence', async () => {
    const result = await kw(['run', '00-setup'], pathWith([]));
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('✖ bash  not found on PATH (every lesson command runs in bash)');
    expect(result.stdout).toBe('');
  });
});
