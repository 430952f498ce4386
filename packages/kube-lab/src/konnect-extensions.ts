import { randomBytes } from 'node:crypto';
import { makeSelfSignedCertificate } from '@kong-workshop/common';
import { setCondition } from './kic/conditions.js';
import { servedKind } from './kinds.js';
import { stableJson, statusOnly, type Change, type ObjectStore } from './object-store.js';
import { isRecord, type LabCondition, type LabObject } from './types.js';

// The Kong operator's KonnectExtension reconciler (kong-operator controller/konnect/
// konnectextension_controller.go and _utils.go), with the sandbox standing in for Konnect. The
// conditions, their reasons and messages, the status and the Automatic certificate Secret's name and
// labels are the operator's; the certificate is self-signed where the operator's is signed by its
// cluster CA, and no KongDataPlaneClientCertificate is registered with Konnect.

const EXTENSION = servedKind('konnect.konghq.com/v1alpha2', 'KonnectExtension');
const CONTROL_PLANE = servedKind('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane');
const AUTH = servedKind('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration');
const SECRET = servedKind('v1', 'Secret');

/** The labels the operator puts on (and looks its Secret up by) an automatically provisioned certificate. */
const AUTOMATIC_LABELS = {
  'gateway.konghq.com/secret-provisioning': 'automatic',
  'konghq.com/konnect-dp-cert': 'true',
  'konghq.com/secret': 'true',
  'gateway-operator.konghq.com/managed-by': 'konnect-extension',
};

export class KonnectExtensionController {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly store: ObjectStore) {}

  start(): void {
    this.unsubscribe = this.store.onChange((change) => this.onChange(change));
    this.reconcileAll();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private reconcileAll(): void {
    for (const extension of this.store.list(EXTENSION)) this.reconcile(extension);
  }

  private onChange(change: Change): void {
    if (change.kind === EXTENSION) {
      if (change.type !== 'DELETED' && !statusOnly(change)) this.reconcile(change.object);
      return;
    }
    // Control planes (their Programmed condition), auth configurations and Secrets decide readiness.
    if (change.kind === CONTROL_PLANE || change.kind === AUTH || change.kind === SECRET) this.reconcileAll();
  }

  private reconcile(input: LabObject): void {
    const ext = this.store.get(EXTENSION, input.metadata.namespace, input.metadata.name);
    if (!ext) return;
    const namespace = ext.metadata.namespace ?? 'default';
    const spec = isRecord(ext.spec) ? ext.spec : {};
    const generation = ext.metadata.generation ?? 1;
    const status: Record<string, unknown> = isRecord(ext.status) ? { ...ext.status } : {};
    let conditions = Array.isArray(status.conditions) ? (status.conditions as LabCondition[]) : [];
    const set = (type: string, state: 'True' | 'False', reason: string, message: string) => {
      conditions = setCondition(conditions, { type, status: state, reason, message, observedGeneration: generation });
    };
    const done = () => this.write(ext, { ...status, conditions });
    const ready = conditions.find((c) => c.type === 'Ready');
    if (!ready || (ready.status !== 'True' && ready.reason === 'Pending') || ready.status === 'Unknown')
      set('Ready', 'False', 'Provisioning', 'provisioning in progress');

    const secret = this.certificateSecret(ext, spec);
    if ('error' in secret) {
      set('DataPlaneCertificateProvisioned', 'False', secret.reason, secret.error);
      done();
      return;
    }
    const konnect = isRecord(spec.konnect) ? spec.konnect : {};
    const controlPlane = isRecord(konnect.controlPlane) ? konnect.controlPlane : {};
    const ref = isRecord(controlPlane.ref) ? controlPlane.ref : {};
    const namedRef = isRecord(ref.konnectNamespacedRef) ? ref.konnectNamespacedRef : {};
    const cpName = String(namedRef.name ?? '');
    const cp = this.store.get(CONTROL_PLANE, namespace, cpName);
    if (!cp) {
      set(
        'ControlPlaneRefValid',
        'False',
        'Invalid',
        `konnectgatewaycontrolplanes.konnect.konghq.com "${cpName}" not found`,
      );
      const { konnect: _cleared, ...rest } = status;
      this.write(ext, { ...rest, conditions });
      return;
    }
    if (!hasTrue(cp, 'Programmed')) {
      set(
        'ControlPlaneRefValid',
        'False',
        'NotProgrammed',
        `Konnect control plane ${cpName}/${namespace} not programmed yet`,
      );
      done();
      return;
    }
    set('ControlPlaneRefValid', 'True', 'Valid', 'ControlPlaneRef is valid');
    const cpSpec = isRecord(cp.spec) ? cp.spec : {};
    const cpKonnect = isRecord(cpSpec.konnect) ? cpSpec.konnect : {};
    const authName = String((isRecord(cpKonnect.authRef) ? cpKonnect.authRef : {}).name ?? '');
    const auth = this.store.get(AUTH, namespace, authName);
    const authNN = `${namespace}/${authName}`;
    if (!auth) {
      set('APIAuthResolvedRef', 'False', 'RefNotFound', `Referenced KonnectAPIAuthConfiguration ${authNN} not found`);
      done();
      return;
    }
    set('APIAuthResolvedRef', 'True', 'ResolvedRef', `KonnectAPIAuthConfiguration reference ${authNN} is resolved`);
    if (!hasTrue(auth, 'APIAuthValid')) {
      set('APIAuthValid', 'False', 'Invalid', `referenced KonnectAPIAuthConfiguration ${authNN} is invalid`);
      done();
      return;
    }
    set('APIAuthValid', 'True', 'Valid', `referenced KonnectAPIAuthConfiguration ${authNN} is valid`);
    set(
      'DataPlaneCertificateProvisioned',
      'True',
      'Provisioned',
      'DataPlane client certificate provisioned successfully',
    );
    const cpStatus = isRecord(cp.status) ? cp.status : {};
    const endpoints = isRecord(cpStatus.konnectEndpoints) ? cpStatus.konnectEndpoints : {};
    set('Ready', 'True', 'Ready', 'KonnectExtension is ready');
    this.write(ext, {
      ...status,
      konnect: {
        controlPlaneID: cpStatus.id,
        clusterType: clusterType(cpStatus.clusterType),
        endpoints: { controlPlane: endpoints.controlPlane, telemetry: endpoints.telemetry },
        authRef: { name: authName, namespace },
      },
      dataPlaneClientAuth: { certificateSecretRef: { name: secret.name } },
      conditions,
    });
  }

  /** getCertificateSecret: the Manual Secret as given, or the operator's own (made once) when Automatic. */
  private certificateSecret(
    ext: LabObject,
    spec: Record<string, unknown>,
  ): { name: string } | { error: string; reason: string } {
    const namespace = ext.metadata.namespace ?? 'default';
    const clientAuth = isRecord(spec.clientAuth) ? spec.clientAuth : {};
    const certificate = isRecord(clientAuth.certificateSecret) ? clientAuth.certificateSecret : {};
    if (certificate.provisioning === 'Manual') {
      const name = String((isRecord(certificate.secretRef) ? certificate.secretRef : {}).name ?? '');
      const secret = this.store.get(SECRET, namespace, name);
      if (!secret) return { error: `secrets "${name}" not found`, reason: 'RefNotFound' };
      const data = isRecord(secret.data) ? secret.data : {};
      if (typeof data['tls.crt'] !== 'string' || typeof data['tls.key'] !== 'string')
        return { error: 'the secret does not contain a valid tls secret', reason: 'InvalidSecret' };
      return { name };
    }
    const owned = this.store
      .list(SECRET, namespace)
      .find((s) =>
        s.metadata.ownerReferences?.some((o) => o.kind === 'KonnectExtension' && o.uid === ext.metadata.uid),
      );
    if (owned) return { name: owned.metadata.name };
    // GenerateNewTLSSecret: GenerateName "konnect-extension-<name>-", CN "<name>.<namespace>".
    const tls = makeSelfSignedCertificate(`${ext.metadata.name}.${namespace}`);
    const name = `konnect-extension-${ext.metadata.name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    this.store.create(SECRET, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        labels: AUTOMATIC_LABELS,
        ownerReferences: [
          {
            apiVersion: 'konnect.konghq.com/v1alpha2',
            kind: 'KonnectExtension',
            name: ext.metadata.name,
            uid: ext.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(tls.cert).toString('base64'),
        'tls.key': Buffer.from(tls.key).toString('base64'),
      },
    });
    return { name };
  }

  private write(ext: LabObject, status: Record<string, unknown>): void {
    if (stableJson(status) === stableJson(ext.status ?? {})) return;
    this.store.update(EXTENSION, { ...ext, status });
  }
}

function hasTrue(object: LabObject, type: string): boolean {
  const status = isRecord(object.status) ? object.status : {};
  const conditions = Array.isArray(status.conditions) ? (status.conditions as LabCondition[]) : [];
  return conditions.some((c) => c.type === type && c.status === 'True');
}

/** konnectClusterTypeToCRDClusterType. */
function clusterType(value: unknown): string {
  if (value === 'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER') return 'K8SIngressController';
  if (value === 'CLUSTER_TYPE_CONTROL_PLANE_GROUP') return 'ControlPlaneGroup';
  return 'ControlPlane';
}
