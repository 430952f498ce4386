import { describe, expect, it } from 'vitest';
import { runDoctor, type Platform } from '../../src/doctor/index.js';
import { startWorkshopSandbox } from '../../src/sandbox-host/index.js';
import { statePaths } from '../../src/state/index.js';

const linux: Platform = { os: 'linux', arch: 'amd64', debian: true };

describe('doctor for the kind-lab target', () => {
  it('needs no tool but bash, and says the lab starts with the sandbox when none runs', async () => {
    const report = await runDoctor({ target: 'kind-lab', env: { ...process.env, PATH: '/nonexistent' } }, linux);
    // bash runs every lesson command: the one thing missing that matters.
    expect(report.items.filter((i) => i.status === 'fail').map((i) => i.id)).toEqual(['tool:bash']);
    expect(report.items.find((i) => i.id === 'tool:kubectl')).toMatchObject({ status: 'warn', required: false });
    expect(report.items.find((i) => i.id === 'kube-lab')).toMatchObject({
      status: 'warn',
      fix: 'kong-workshop sandbox start',
    });
  });

  it("passes the lab item when the running sandbox's Kubernetes API answers over its TLS", async () => {
    const sandbox = await startWorkshopSandbox({
      proxyPort: 0,
      adminPort: 0,
      kubePort: 0,
      persist: false,
      stateDir: statePaths().sandboxDir,
    });
    try {
      const report = await runDoctor({ target: 'kind-lab' }, linux);
      expect(report.items.find((i) => i.id === 'kube-lab')).toMatchObject({
        status: 'pass',
        detail: expect.stringContaining(`answers at ${sandbox.kubeUrl}`),
      });
      expect(report.items.find((i) => i.id === 'sandbox')).toMatchObject({ status: 'pass' });
    } finally {
      await sandbox.stop();
    }
  });
});
