import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// The Kong operator's KonnectExtension (konnect.konghq.com/v1alpha2) in the kube lab: the conditions,
// messages and status its reconciler writes (controller/konnect/konnectextension_controller.go, _utils.go).

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
  await lab.apply(`
apiVersion: konnect.konghq.com/v1alpha1
kind: KonnectAPIAuthConfiguration
metadata: { name: auth }
spec: { type: token, token: ${lab.sandbox.token}, serverURL: us.api.konghq.com }
`);
});
afterAll(() => lab.stop());

const extension = (name: string, cp: string, clientAuth = '') => `
apiVersion: konnect.konghq.com/v1alpha2
kind: KonnectExtension
metadata: { name: ${name} }
spec:
  konnect:
    controlPlane: { ref: { type: konnectNamespacedRef, konnectNamespacedRef: { name: ${cp} } } }
${clientAuth}`;

type Condition = { type: string; status: string; reason: string; message: string };
async function status(name: string) {
  const object = await lab.get('konnect.konghq.com/v1alpha2', 'KonnectExtension', name);
  const value = (object?.status ?? {}) as { conditions?: Condition[]; [key: string]: unknown };
  const find = (type: string) => value.conditions?.find((c) => c.type === type);
  return { value, find };
}

describe('KonnectExtension in the kube lab', () => {
  it('without its control plane: ControlPlaneRefValid=False, Ready=False Provisioning', async () => {
    await lab.apply(extension('ext-orphan', 'missing'));
    const { find } = await status('ext-orphan');
    expect(find('ControlPlaneRefValid')).toMatchObject({
      status: 'False',
      reason: 'Invalid',
      message: 'konnectgatewaycontrolplanes.konnect.konghq.com "missing" not found',
    });
    expect(find('Ready')).toMatchObject({
      status: 'False',
      reason: 'Provisioning',
      message: 'provisioning in progress',
    });
  });

  it('with a programmed control plane: Ready, the control plane in status, an Automatic Secret', async () => {
    await lab.apply(`
apiVersion: konnect.konghq.com/v1alpha2
kind: KonnectGatewayControlPlane
metadata: { name: cp }
spec:
  createControlPlaneRequest: { name: cp }
  konnect: { authRef: { name: auth } }
`);
    await lab.apply(extension('ext', 'cp'));
    const { value, find } = await status('ext');
    expect(find('Ready')).toMatchObject({ status: 'True', reason: 'Ready', message: 'KonnectExtension is ready' });
    expect(find('ControlPlaneRefValid')).toMatchObject({ status: 'True', message: 'ControlPlaneRef is valid' });
    expect(find('DataPlaneCertificateProvisioned')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
      message: 'DataPlane client certificate provisioned successfully',
    });
    const cp = await lab.get('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane', 'cp');
    expect(value.konnect).toMatchObject({
      controlPlaneID: (cp?.status as { id?: string } | undefined)?.id,
      clusterType: 'ControlPlane',
      authRef: { name: 'auth', namespace: 'kong' },
    });
    const secretName = (value.dataPlaneClientAuth as { certificateSecretRef: { name: string } }).certificateSecretRef
      .name;
    expect(secretName).toMatch(/^konnect-extension-ext-[0-9a-f]{5}$/);
    const secret = await lab.get('v1', 'Secret', secretName);
    expect(secret?.type).toBe('kubernetes.io/tls');
    expect(secret?.metadata.labels).toMatchObject({ 'konghq.com/konnect-dp-cert': 'true' });
  });

  it('Manual provisioning: a missing Secret is RefNotFound, a non-TLS one InvalidSecret', async () => {
    const manual = (secret: string) =>
      `  clientAuth: { certificateSecret: { provisioning: Manual, secretRef: { name: ${secret} } } }\n`;
    await lab.apply(extension('ext-manual', 'cp', manual('nope')));
    expect((await status('ext-manual')).find('DataPlaneCertificateProvisioned')).toMatchObject({
      status: 'False',
      reason: 'RefNotFound',
      message: 'secrets "nope" not found',
    });
    await lab.apply(`
apiVersion: v1
kind: Secret
metadata: { name: plain }
stringData: { hello: world }
`);
    await lab.apply(extension('ext-plain', 'cp', manual('plain')));
    expect((await status('ext-plain')).find('DataPlaneCertificateProvisioned')).toMatchObject({
      reason: 'InvalidSecret',
      message: 'the secret does not contain a valid tls secret',
    });
  });
});
