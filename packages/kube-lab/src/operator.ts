import { randomInt } from 'node:crypto';
import { setCondition } from './kic/conditions.js';
import { servedKind } from './kinds.js';
import { stableJson, statusOnly, type Change, type ObjectStore } from './object-store.js';
import { isRecord, type LabCondition, type LabObject } from './types.js';

// The Kong operator's KonnectAPIAuthConfiguration reconciler
// (kong-operator controller/konnect/reconciler_konnectapiauth.go), with the sandbox standing in
// for Konnect: whatever the serverURL, the token is checked against the sandbox's own token
// (the one its Admin API takes), and the organization is the sandbox's.

const AUTH = servedKind('konnect.konghq.com/v1alpha1', 'KonnectAPIAuthConfiguration');
const SECRETS = servedKind('v1', 'Secret');
const CONDITION = 'APIAuthValid';

export interface OperatorOptions {
  readonly store: ObjectStore;
  /** The token "Konnect" (the sandbox) accepts, and the organization it belongs to. */
  readonly token: string;
  readonly organizationId: string;
}

export class OperatorController {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: OperatorOptions) {}

  start(): void {
    this.unsubscribe.push(this.options.store.onChange((change) => this.onChange(change)));
    this.reconcileAll();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  reconcileAll(): void {
    for (const auth of this.options.store.list(AUTH)) this.reconcile(auth);
  }

  private onChange(change: Change): void {
    if (change.kind === AUTH && change.type !== 'DELETED' && !statusOnly(change)) this.reconcile(change.object);
    // The reconciler watches Secrets labelled konghq.com/credential=konnect and maps them to
    // the configurations that reference them.
    if (change.kind === SECRETS) {
      const labelled = (o: LabObject | undefined) => o?.metadata.labels?.['konghq.com/credential'] === 'konnect';
      if (labelled(change.object) || labelled(change.previous)) this.reconcileAll();
    }
  }

  private reconcile(input: LabObject): void {
    const { store } = this.options;
    const auth = store.get(AUTH, input.metadata.namespace, input.metadata.name);
    if (!auth) return;
    const spec = isRecord(auth.spec) ? auth.spec : {};
    const generation = auth.metadata.generation ?? 1;
    const status = isRecord(auth.status) ? { ...auth.status } : {};
    const conditions = (status.conditions as LabCondition[] | undefined) ?? [];
    const token = this.tokenOf(auth, spec);
    if ('error' in token) {
      // patch.StatusWithCondition: only the condition changes.
      this.write(auth, {
        ...status,
        conditions: replaceCondition(conditions, {
          type: CONDITION,
          status: 'False',
          reason: 'Invalid',
          message: token.error,
          observedGeneration: generation,
        }),
      });
      return;
    }
    const serverUrl = serverUrlOf(String(spec.serverURL ?? ''));
    if (token.value !== this.options.token) {
      const current = conditions.find((c) => c.type === CONDITION);
      // The reconciler leaves a failed status alone unless something but the message differs.
      if (
        current?.status === 'False' &&
        current.reason === 'Invalid' &&
        current.observedGeneration === generation &&
        !status.organizationID &&
        status.serverURL === serverUrl
      )
        return;
      const { organizationID: _cleared, ...rest } = status;
      this.write(auth, {
        ...rest,
        serverURL: serverUrl,
        conditions: replaceCondition(conditions, {
          type: CONDITION,
          status: 'False',
          reason: 'Invalid',
          message: unauthorizedMessage(),
          observedGeneration: generation,
        }),
      });
      return;
    }
    const message =
      spec.type === 'secretRef' ? `Token from Secret ${secretName(auth, spec)} is valid` : 'Token is valid';
    this.write(auth, {
      ...status,
      organizationID: this.options.organizationId,
      serverURL: serverUrl,
      conditions: replaceCondition(conditions, {
        type: CONDITION,
        status: 'True',
        reason: 'Valid',
        message,
        observedGeneration: generation,
      }),
    });
  }

  /** getTokenFromKonnectAPIAuthConfiguration, with the operator's error messages. */
  private tokenOf(auth: LabObject, spec: Record<string, unknown>): { value: string } | { error: string } {
    if (spec.type === 'token') return { value: String(spec.token ?? '') };
    if (spec.type !== 'secretRef') return { error: `unknown KonnectAPIAuthType: ${String(spec.type ?? '')}` };
    const name = secretName(auth, spec);
    const [namespace, secretKey] = name.split('/') as [string, string];
    const secret = this.options.store.get(SECRETS, namespace, secretKey);
    // Since kong-operator 2.0 the manager caches only Secrets labelled konghq.com/secret=true
    // (--secret-label-selector); any other Secret is "not found" to it (kong-behaviour.md §7, §10.5).
    if (secret?.metadata.labels?.['konghq.com/secret'] !== 'true')
      return { error: `failed to get Secret ${name}: secrets "${secretKey}" not found` };
    if (secret.metadata.labels?.['konghq.com/credential'] !== 'konnect')
      return { error: `secret ${name} does not have label konghq.com/credential: konnect` };
    const data = isRecord(secret.data) ? (secret.data as Record<string, string>) : undefined;
    if (!data || Object.keys(data).length === 0) return { error: `secret ${name} has no data` };
    if (data.token === undefined) return { error: `secret ${name} does not have key token` };
    return { value: Buffer.from(data.token, 'base64').toString('utf8') };
  }

  private write(auth: LabObject, status: Record<string, unknown>): void {
    if (stableJson(status) === stableJson(auth.status ?? {})) return;
    this.options.store.update(AUTH, { ...auth, status });
  }
}

function secretName(auth: LabObject, spec: Record<string, unknown>): string {
  const ref = isRecord(spec.secretRef) ? spec.secretRef : {};
  const namespace = typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : auth.metadata.namespace;
  return `${namespace}/${String(ref.name ?? '')}`;
}

/** server.NewServer(...).URL(): a bare host becomes https://host. */
function serverUrlOf(value: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value)
    ? value.replace(/\/+$/, '')
    : `https://${value.replace(/\/+$/, '')}`;
}

/**
 * What the operator stores when Konnect answers 401 to GET /v3/organizations/me: the SDK's
 * UnauthorizedError marshalled as JSON (sdk-konnect-go models/sdkerrors/unauthorizederror.go),
 * with the title and detail the operator's own tests use for an invalid token.
 */
function unauthorizedMessage(): string {
  const trace = Array.from({ length: 19 }, () => randomInt(10)).join('');
  return JSON.stringify({
    status: 401,
    title: 'Unauthenticated',
    instance: `kong:trace:${trace}`,
    detail: 'A valid token is required',
  });
}

function replaceCondition(
  conditions: readonly LabCondition[],
  next: Omit<LabCondition, 'lastTransitionTime'>,
): LabCondition[] {
  // The CRD's placeholder condition is of type Valid; the operator writes APIAuthValid beside it.
  return setCondition(conditions, next);
}
