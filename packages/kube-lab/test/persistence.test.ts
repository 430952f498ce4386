import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labStatePath } from '../src/index.js';
import { ECHO, LabSandbox } from './lab-harness.js';

// The lab's objects live with the sandbox's state: saved atomically, back after a restart with
// the gateway configured the same, and gone after `sandbox reset`.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const KEYED = `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: key-auth }
plugin: key-auth
---
apiVersion: v1
kind: Secret
metadata: { name: alex-key, labels: { konghq.com/credential: key-auth } }
stringData: { key: alex-secret }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: alex, annotations: { kubernetes.io/ingress.class: kong } }
username: alex
credentials: [alex-key]
`;

async function configured(dir: string): Promise<LabSandbox> {
  const lab = await LabSandbox.start({ dir, persist: true });
  await lab.apply(ECHO);
  await lab.apply(KEYED);
  await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth' });
  return lab;
}

describe('kube lab persistence', () => {
  it('keeps objects, their uids and the gateway configuration across stop and start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-lab-persist-'));
    dirs.push(dir);
    const first = await configured(dir);
    const uid = (await first.get('configuration.konghq.com/v1', 'KongConsumer', 'alex'))?.metadata.uid;
    await first.stop();
    expect(statSync(labStatePath(dir)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(labStatePath(dir), 'utf8'))).toMatchObject({
      format: 1,
      objects: expect.arrayContaining([expect.objectContaining({ kind: 'KongConsumer' })]),
    });

    const second = await LabSandbox.start({ dir, persist: true });
    try {
      await second.sandbox.flush();
      expect((await second.get('configuration.konghq.com/v1', 'KongConsumer', 'alex'))?.metadata.uid).toBe(uid);
      expect((await second.proxy('/echo')).status).toBe(401);
      expect((await second.proxy('/echo', { apikey: 'alex-secret' })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('goes back to a fresh cluster on reset, and the gateway loses what the lab configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-lab-reset-'));
    dirs.push(dir);
    const lab = await configured(dir);
    try {
      const reset = await fetch(`${lab.sandbox.adminUrl}/_sandbox/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lab.sandbox.token}` },
      });
      expect(reset.status).toBe(200);
      await lab.sandbox.flush();
      expect(await lab.get('configuration.konghq.com/v1', 'KongConsumer', 'alex')).toBeUndefined();
      expect(await lab.get('apps/v1', 'Deployment', 'kong-gateway')).toBeDefined();
      expect((await lab.proxy('/echo')).status).toBe(404);
      expect((await lab.admin('/consumers')).data).toEqual([]);
    } finally {
      await lab.stop();
    }
  });
});
