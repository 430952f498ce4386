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
    const result = await doctor(['--target', 'kind', '--format', 'json'], bin);
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

  it("fails konnect when deck and kongctl are older than the bundled lessons' requires.tools, with the upgrade command", async () => {
    const bin = fakeBin({ deck: REAL_OUTPUT.deckOld, kongctl: REAL_OUTPUT.kongctlOld, curl: REAL_OUTPUT.curl });
    const result = await doctor(['--target', 'konnect'], bin);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(
      new RegExp(
        `✖ deck +v1\\.27\\.1 \\(${bin}/deck\\) is older than v1\\.28, the oldest the lessons' commands work with\\n +fix: curl -sL https://github\\.com/kong/deck/releases/download/`,
      ),
    );
    expect(result.stdout).toMatch(
      /✖ kongctl +v0\.3\.0 \(.*\) is older than v0\.3\.3, the oldest the lessons' commands work with\n +fix: curl -fsSL https:\/\/get\.konghq\.com\/kongctl \| sh/,
    );
    expect(result.stdout).toContain('Not ready for the konnect target: deck, kongctl');
  });

  it('passes konnect once deck and kongctl are new enough', async () => {
    const bin = fakeBin({ deck: REAL_OUTPUT.deck, kongctl: REAL_OUTPUT.kongctl, curl: REAL_OUTPUT.curl });
    const result = await doctor(['--target', 'konnect'], bin);
    expect(result.stdout).toMatch(/✔ deck +v1\.43\.0/);
    expect(result.stdout).toMatch(/✔ kongctl +v1\.13\.0/);
    expect(result.exitCode).toBe(0);
  });

  it("fails kind when kubectl is older than the lessons' 1.25, and reads another lesson folder's minimums with --lessons", async () => {
    const bin = fakeBin({
      docker: REAL_OUTPUT.docker(true),
      kind: REAL_OUTPUT.kind,
      kubectl: REAL_OUTPUT.kubectl124,
      helm: REAL_OUTPUT.helm,
    });
    const bundled = await doctor(['--target', 'kind'], bin);
    expect(bundled.stdout).toMatch(
      /✖ kubectl +v1\.24\.17 \(.*\) is older than v1\.25, the oldest the lessons' commands work with\n +fix: curl -LO "https:\/\/dl\.k8s\.io\/release\//,
    );
    // The fixture lessons state no minimum for kubectl: only doctor's own advice (a warning) is left.
    const fixtures = await doctor(['--target', 'kind', '--lessons', join(root, 'fixtures', 'lessons', 'valid')], bin);
    expect(fixtures.stdout).toMatch(/! kubectl +v1\.24\.17 \(.*\) is older than v1\.27\.0: /);
  });

  it('refuses an unknown target with usage help', async () => {
    const result = await doctor(['--target', 'minikube'], fakeBin({}));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Allowed choices are sandbox, kind, konnect, gateway');
  });
});
