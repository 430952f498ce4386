import { createHash } from 'node:crypto';
import { setCondition } from './kic/conditions.js';
import { servedKind } from './kinds.js';
import { stableJson, statusOnly, type Change, type ObjectStore } from './object-store.js';
import { isRecord, type LabCondition, type LabObject } from './types.js';

// The Kong operator's KonnectGatewayControlPlane reconciler (kong-operator controller/konnect:
// handle_status_conditions.go, reconciler_controlplaneref.go, ops/conditions.go), with the sandbox
// standing in for Konnect: a control plane whose KonnectAPIAuthConfiguration is valid is "created"
// with an id of its own in the sandbox's organization. Conditions and messages are the operator's;
// the id and the endpoints are imitations (no Konnect is called).

const CONTROL_PLANE = servedKind('konnect.konghq.com/v1alpha2', 'KonnectGatewayControlPlane');
const AUTH = servedKind('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration');

export class KonnectControlPlaneController {
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
    for (const plane of this.store.list(CONTROL_PLANE)) this.reconcile(plane);
  }

  private onChange(change: Change): void {
    // The auth configuration's status flips Valid/Invalid, so every change to one counts.
    if (change.kind === AUTH) this.reconcileAll();
    if (change.kind === CONTROL_PLANE && change.type !== 'DELETED' && !statusOnly(change))
      this.reconcile(change.object);
  }

  private reconcile(input: LabObject): void {
    const plane = this.store.get(CONTROL_PLANE, input.metadata.namespace, input.metadata.name);
    if (!plane) return;
    const namespace = plane.metadata.namespace ?? 'default';
    const spec = isRecord(plane.spec) ? plane.spec : {};
    const konnect = isRecord(spec.konnect) ? spec.konnect : {};
    const authRef = isRecord(konnect.authRef) ? konnect.authRef : {};
    const authName = `${namespace}/${String(authRef.name ?? '')}`;
    const generation = plane.metadata.generation ?? 1;
    const status = isRecord(plane.status) ? { ...plane.status } : {};
    let conditions = Array.isArray(status.conditions) ? (status.conditions as LabCondition[]) : [];
    const set = (type: string, state: 'True' | 'False', reason: string, message: string) => {
      conditions = setCondition(conditions, { type, status: state, reason, message, observedGeneration: generation });
    };
    const auth = this.store.get(AUTH, namespace, String(authRef.name ?? ''));
    if (!auth) {
      set('APIAuthResolvedRef', 'False', 'RefNotFound', `Referenced KonnectAPIAuthConfiguration ${authName} not found`);
      this.write(plane, { ...status, conditions });
      return;
    }
    set('APIAuthResolvedRef', 'True', 'ResolvedRef', `KonnectAPIAuthConfiguration reference ${authName} is resolved`);
    const authStatus = isRecord(auth.status) ? auth.status : {};
    const valid = (Array.isArray(authStatus.conditions) ? (authStatus.conditions as LabCondition[]) : []).find(
      (c) => c.type === 'APIAuthValid',
    );
    if (valid?.status !== 'True' || valid.reason !== 'Valid') {
      set('APIAuthValid', 'False', 'Invalid', `referenced KonnectAPIAuthConfiguration ${authName} is invalid`);
      this.write(plane, { ...status, conditions });
      return;
    }
    set('APIAuthValid', 'True', 'Valid', `referenced KonnectAPIAuthConfiguration ${authName} is valid`);
    const organizationId = String(authStatus.organizationID ?? '');
    const id = stableUuid(`${organizationId}/${namespace}/${plane.metadata.name}`);
    const request = isRecord(spec.createControlPlaneRequest) ? spec.createControlPlaneRequest : {};
    const short = id.replace(/-/g, '').slice(0, 10);
    // SetKonnectEntityProgrammedConditionTrue: reason Programmed, an empty message.
    set('Programmed', 'True', 'Programmed', '');
    this.write(plane, {
      ...status,
      id,
      serverURL: authStatus.serverURL,
      organizationID: organizationId,
      clusterType: typeof request.cluster_type === 'string' ? request.cluster_type : 'CLUSTER_TYPE_CONTROL_PLANE',
      konnectEndpoints: {
        controlPlane: `https://${short}.us.cp0.konghq.com`,
        telemetry: `https://${short}.us.tp0.konghq.com`,
      },
      conditions,
    });
  }

  private write(plane: LabObject, status: Record<string, unknown>): void {
    if (stableJson(status) === stableJson(plane.status ?? {})) return;
    this.store.update(CONTROL_PLANE, { ...plane, status });
  }
}

/** A UUID that stays the same for the same control plane, as a Konnect id does once created. */
function stableUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
