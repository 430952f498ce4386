import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_OUTPUT, fakeBin } from '../doctor/fake-tools.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'kong-workshop.mjs');

beforeAll(() => {
  if (!existsSync(join(root, 'bundle', 'cli.mjs')))
    throw new Error('run `npm run build` first: this test spawns the bundled CLI');
});

// The CLI runs with a PATH that has only fake tools, so the result does not depend on this machine.
function doctor(args: string[], bin: string) {
  return execa(process.execPath, [cli, 'doctor', ...args], {
    reject: false,
    env: { PATH: bin, HOME: bin, NO_COLOR: '1', KONG_WORKSHOP_HOME: process.env.KONG_WORKSHOP_HOME },
    extendEnv: false,
  });
}

describe('kong-workshop doctor', () => {
  it('exits 3 for the kind target when tools are missing, naming each with how to install it', async () => {
    const bin = fakeBin({ docker: REAL_OUTPUT.docker(false), curl: REAL_OUTPUT.curl });
    const result = await doctor(['--target', 'kind'], bin);
    expect(result.exitCode).toBe(3);
    for (const tool of ['kind', 'kubectl', 'helm'])
      expect(result.stdout).toMatch(new RegExp(`✖ ${tool} +not found on PATH\\n +fix: \\S`));
    expect(result.stdout).toMatch(/! deck +not found on PATH \(needed for the konnect target\)\n +fix: /);
    expect(result.stdout).toContain('✖ Docker daemon');
    expect(result.stdout).not.toMatch(/\u001B\[/);
    expect(result.stderr).toBe('');
  });

  it('prints valid JSON with --json', async () => {
    const bin = fakeBin({});
    const result = await doctor(['--target', 'kind', '--json'], bin);
    expect(result.exitCode).toBe(3);
    const report = JSON.parse(result.stdout) as {
      target: string;
      ok: boolean;
      items: { id: string; status: string; fix?: string }[];
    };
    expect(report).toMatchObject({ target: 'kind', ok: false });
    const kind = report.items.find((item) => item.id === 'tool:kind');
    expect(kind).toMatchObject({ status: 'fail', fix: expect.stringContaining('kind') });
  });

  it('exits 0 for the sandbox target, which needs nothing but Node', async () => {
    const result = await doctor(['--target', 'sandbox'], fakeBin({}));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Ready for the sandbox target');
  });

  it('refuses an unknown target with usage help', async () => {
    const result = await doctor(['--target', 'minikube'], fakeBin({}));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Allowed choices are sandbox, kind, konnect, gateway');
  });
});
