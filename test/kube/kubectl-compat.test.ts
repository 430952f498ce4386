import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/doctor/tools.js';
import { startFakeKubeApi, type FakeKubeApi } from './fake-api-server.js';
import { PROGRAMMED, kicInstall, kongConsumer } from './fixtures.js';

// Lessons run kubectl in their commands; the fake must answer it as a cluster would. Only runs
// where kubectl is installed (doctor tells how to install it).
const kubectl = findExecutable('kubectl', process.env, { os: process.platform });

describe.skipIf(!kubectl)('kubectl against the fake API server', () => {
  let api: FakeKubeApi;
  let cache: string;
  beforeAll(async () => {
    api = await startFakeKubeApi([
      ...kicInstall(),
      kongConsumer({ name: 'alex', conditions: [{ ...PROGRAMMED.pending, observedGeneration: 1 }] }),
    ]);
    cache = mkdtempSync(join(tmpdir(), 'kw-kubectl-cache-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(cache, { recursive: true, force: true });
  });
  // kubectl caches discovery per host:port, so every fake gets its own cache folder.
  const run = (...args: string[]) =>
    execa(kubectl!, ['--kubeconfig', api.kubeconfigPath, '--cache-dir', cache, '-n', 'kong', ...args], {
      reject: false,
      timeout: 30_000,
    });

  it('gets objects by short name with a JSONPath', async () => {
    const result = await run(
      'get',
      'kc',
      'alex',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Programmed")].reason}',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Pending');
  });

  it('waits for a condition through list and watch', async () => {
    const waiting = run('wait', '--for=condition=Programmed', 'kongconsumer/alex', '--timeout=20s');
    setTimeout(
      () => api.setObject(kongConsumer({ name: 'alex', conditions: [{ ...PROGRAMMED.ok, observedGeneration: 1 }] })),
      500,
    );
    const result = await waiting;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('kongconsumer.configuration.konghq.com/alex condition met');
  });
});
