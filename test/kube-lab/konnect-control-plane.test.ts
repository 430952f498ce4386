import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// The Kong operator's KonnectGatewayControlPlane (konnect.konghq.com/v1alpha2) in the kube lab: the
// conditions its reconciler writes (controller/konnect/handle_status_conditions.go,
// reconciler_controlplaneref.go, ops/conditions.go), with the sandbox playing Konnect.

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
});
afterAll(() => lab.stop());

const controlPlane = (name: string, auth: string) => `
apiVersion: konnect.konghq.com/v1alpha2
kind: KonnectGatewayControlPlane
metadata: { name: ${name} }
spec:
  createControlPlaneRequest: { name: ${name}, cluster_type: CLUSTER_TYPE_CONTROL_PLANE }
  konnect: { authRef: { name: ${auth} } }
`;

type Condition = { type: string; status: string; reason: string; message: string };
async function conditions(name: string): Promise<Condition[]> {
  const object = await lab.get('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane', name);
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
}

describe('KonnectGatewayControlPlane in the kube lab', () => {
  it('without its auth configuration: APIAuthResolvedRef=False RefNotFound, not Programmed', async () => {
    await lab.apply(controlPlane('cp-orphan', 'nowhere'));
    expect(await conditions('cp-orphan')).toEqual([
      expect.objectContaining({
        type: 'APIAuthResolvedRef',
        status: 'False',
        reason: 'RefNotFound',
        message: 'Referenced KonnectAPIAuthConfiguration kong/nowhere not found',
      }),
    ]);
  });

  it('with a valid one: resolved, APIAuthValid and Programmed True, an id in the organization', async () => {
    await lab.apply(`
apiVersion: konnect.konghq.com/v1alpha1
kind: KonnectAPIAuthConfiguration
metadata: { name: auth }
spec: { type: token, token: ${lab.sandbox.token}, serverURL: us.api.konghq.com }
`);
    await lab.apply(controlPlane('cp', 'auth'));
    const found = await conditions('cp');
    expect(found.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['APIAuthResolvedRef', 'True', 'ResolvedRef'],
      ['APIAuthValid', 'True', 'Valid'],
      ['Programmed', 'True', 'Programmed'],
    ]);
    expect(found[1]?.message).toBe('referenced KonnectAPIAuthConfiguration kong/auth is valid');
    const object = await lab.get('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane', 'cp');
    const auth = await lab.get('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration', 'auth');
    expect(object?.status).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organizationID: (auth?.status as { organizationID?: string } | undefined)?.organizationID,
      serverURL: 'https://us.api.konghq.com',
      clusterType: 'CLUSTER_TYPE_CONTROL_PLANE',
    });
    // The orphan resolves once its configuration appears.
    await lab.apply(controlPlane('cp-orphan', 'auth'));
    expect((await conditions('cp-orphan')).find((c) => c.type === 'Programmed')?.status).toBe('True');
  });

  it('with an invalid token: APIAuthValid=False Invalid, not Programmed', async () => {
    await lab.apply(`
apiVersion: konnect.konghq.com/v1alpha1
kind: KonnectAPIAuthConfiguration
metadata: { name: bad-auth }
spec: { type: token, token: kpat_not_the_sandbox_token, serverURL: us.api.konghq.com }
`);
    await lab.apply(controlPlane('cp-bad', 'bad-auth'));
    const found = await conditions('cp-bad');
    expect(found.find((c) => c.type === 'APIAuthValid')).toMatchObject({
      status: 'False',
      reason: 'Invalid',
      message: 'referenced KonnectAPIAuthConfiguration kong/bad-auth is invalid',
    });
    expect(found.find((c) => c.type === 'Programmed')).toBeUndefined();
  });
});
