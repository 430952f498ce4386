import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateK8sCheck } from '../../src/checks/index.js';
import { TARGET_VARIABLES } from '../../src/lesson/index.js';
import { findRunningSandbox } from '@kong-workshop/sandbox';
import { kindLabTarget, targetFor } from '../../src/targets/index.js';
import { k8sCheck } from '../kube-lab/runner-checks.js';

const settings = { proxyPort: '0', adminPort: '0', kubePort: '0' };

describe('the kind-lab target', () => {
  it('is registered under its name', () => {
    expect(targetFor('kind-lab')).toBe(kindLabTarget);
  });

  it(
    'starts a sandbox for the run, writes a 0600 kubeconfig for its lab, and gives exactly the kind-lab ' + 'variables',
    async () => {
      const session = await kindLabTarget.prepare({ vars: {}, settings, log: () => {} });
      try {
        expect(Object.keys(session.vars).sort()).toEqual([...TARGET_VARIABLES['kind-lab']].sort());
        const token = session.vars.SANDBOX_TOKEN!;
        expect(token).toMatch(/^kpat_/);
        expect(session.vars).toMatchObject({
          NAMESPACE: 'kong',
          KUBE_CONTEXT: 'kind-lab',
          CLUSTER: 'lab',
          KONNECT_TOKEN: token,
          KONNECT_SERVER_URL: 'https://us.api.konghq.com',
          PROXY: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        });
        expect(session.secrets).toEqual([token]);
        const kubeconfig = session.env.KUBECONFIG!;
        expect(session.kube).toEqual({ kubeconfig, context: 'kind-lab', namespace: 'kong' });
        expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
        expect(readFileSync(kubeconfig, 'utf8')).toMatch(
          /server: https:\/\/127\.0\.0\.1:\d+\n\s+certificate-authority-data: \S+/,
        );
        expect(session.description).toMatch(
          new RegExp(
            String.raw`kube lab in the sandbox at http:\/\/127\.0\.0\.1:\d+ \(started for this run\); ` +
              String.raw`Kubernetes API https:\/\/127\.0\.0\.1:\d+`,
          ),
        );

        // check k8s reaches the lab through the session's kube access, as it reaches kind.
        const gateway = await evaluateK8sCheck(
          k8sCheck('resource: Deployment/kong-gateway\nexpect:\n  condition: Available'),
          { kube: session.kube! },
        );
        expect(gateway.status).toBe('passed');
        expect((await fetch(`${session.vars.PROXY}/`)).status).toBe(404);
      } finally {
        await session.close();
      }
      expect(await findRunningSandbox()).toBeUndefined();
    },
  );
});
