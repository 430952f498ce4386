import type { K8sCheckSpec } from '../lesson/index.js';
import { connectKube, isKubeError, KubeError, type KubeClient, type WatchHandle } from '../kube/index.js';
import { judgeObject, type Judgement, type Observation } from './k8s-judge.js';
import { pollUntilDone } from './poll.js';
import type { CheckContext, CheckResult, Fault } from './types.js';

/** One look at the cluster: a judgement of what was found, or a fault that ends the check. */
type Attempt =
  | { readonly kind: 'judged'; readonly judgement: Judgement; readonly resourceVersion?: string }
  | { readonly kind: 'fault'; readonly fault: Fault };

/**
 * Evaluates a `check k8s` block: finds the object (kind → resource through discovery), then
 * checks existence, one condition (stale ones, whose observedGeneration lags the object's
 * generation, do not count) and JSONPath fields. With `eventually` it polls, and a watch on
 * the object cuts the wait short as soon as the object changes. A cluster that cannot be
 * reached or refuses the credentials is an `error` result with a hint, never an exception.
 */
export async function evaluateK8sCheck(spec: K8sCheckSpec, context: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const result = (
    fields: Pick<CheckResult, 'status' | 'expectations' | 'attempts'> & Partial<CheckResult>,
  ): CheckResult => ({
    kind: 'k8s',
    extracted: {},
    durationMs: performance.now() - started,
    ...fields,
  });
  if (!context.kube) {
    return result({
      status: 'error',
      expectations: [],
      attempts: 0,
      fault: {
        code: 'kube-unreachable',
        message: 'this target has no Kubernetes API to check',
        hint: 'run Kubernetes checks with --target kind, or against the sandbox after `kong-workshop apply`',
      },
    });
  }
  let client: KubeClient;
  try {
    client = await connectKube(context.kube);
  } catch (error) {
    return result({ status: 'error', expectations: [], attempts: 1, fault: faultOf(error) });
  }

  const namespace = spec.resource.namespace ?? context.kube.namespace;
  const changes = new ObjectChanges(client, spec, namespace);
  try {
    const outcome = await pollUntilDone<Attempt>(
      async () => {
        const attempt = await look(client, spec, namespace, context.signal);
        if (attempt.kind === 'fault') return { done: true, value: attempt };
        const { judgement } = attempt;
        if (!judgement.passed && spec.eventually) changes.follow(attempt.resourceVersion);
        return { done: judgement.passed, value: attempt, failure: judgement.failure };
      },
      spec.eventually,
      { signal: context.signal, onProgress: context.onProgress, changed: (signal) => changes.next(signal) },
    );
    const last = outcome.value;
    if (outcome.cancelled || context.signal?.aborted) {
      return result({
        status: 'error',
        expectations: last.kind === 'judged' ? last.judgement.expectations : [],
        attempts: outcome.attempts,
        fault: { code: 'cancelled', message: 'cancelled', hint: '' },
      });
    }
    if (last.kind === 'fault')
      return result({ status: 'error', expectations: [], attempts: outcome.attempts, fault: last.fault });
    const { judgement } = last;
    return result({
      status: judgement.passed ? 'passed' : 'failed',
      expectations: judgement.expectations,
      attempts: outcome.attempts,
      observed: judgement.observed,
    });
  } finally {
    changes.close();
  }
}

async function look(
  client: KubeClient,
  spec: K8sCheckSpec,
  namespace: string,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  let observation: Observation;
  try {
    const { resource, object } = await client.get({ ...spec.resource, namespace }, { signal });
    observation = { kind: 'object', resource, namespace: resource.namespaced ? namespace : undefined, object };
  } catch (error) {
    if (!isKubeError(error, 'kube-unknown-kind')) return { kind: 'fault', fault: faultOf(error) };
    observation = { kind: 'unknown-kind', message: error.message, hint: error.hint };
  }
  const resourceVersion = observation.kind === 'object' ? observation.object?.metadata?.resourceVersion : undefined;
  return { kind: 'judged', judgement: judgeObject(spec, observation), resourceVersion };
}

function faultOf(error: unknown): Fault {
  if (!(error instanceof KubeError))
    return {
      code: 'internal',
      message: error instanceof Error ? error.message : String(error),
      hint: 'this looks like a bug in kong-workshop; run it again with KONG_WORKSHOP_DEBUG=1',
    };
  switch (error.code) {
    case 'kube-forbidden':
      return { code: 'kube-forbidden', message: error.message, hint: error.hint };
    case 'kube-cancelled':
      return { code: 'cancelled', message: 'cancelled', hint: '' };
    default:
      return {
        code: 'kube-unreachable',
        message: error.message,
        hint: error.hint || 'run `kong-workshop doctor --target kind`',
      };
  }
}

/**
 * A watch on the checked object, opened after the first failed attempt, that wakes the poller
 * when the object changes. If the watch cannot be opened (RBAC, an old API server) polling
 * simply goes on at its interval.
 */
class ObjectChanges {
  private handle?: Promise<WatchHandle | undefined>;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly client: KubeClient,
    private readonly spec: K8sCheckSpec,
    private readonly namespace: string,
  ) {}

  follow(resourceVersion: string | undefined): void {
    if (this.handle || this.closed) return;
    const { apiVersion, kind, name } = this.spec.resource;
    const timeoutSeconds = Math.ceil((this.spec.eventually?.timeoutMs ?? 60_000) / 1000) + 5;
    this.handle = this.client
      .watch(
        {
          apiVersion,
          kind,
          namespace: this.namespace,
          fieldSelector: `metadata.name=${name}`,
          resourceVersion,
          timeoutSeconds,
        },
        () => this.wake(),
      )
      .then(
        (handle) => {
          // When the server ends the watch (its timeout) the next failed attempt opens a new one;
          // a watch that failed (RBAC, a proxy that cuts streams) stays given up: polling goes on.
          void handle.done.then((error) => {
            if (!this.closed && !error) this.handle = undefined;
          });
          return handle;
        },
        () => undefined,
      );
  }

  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      signal.addEventListener('abort', () => this.waiters.delete(resolve), { once: true });
    });
  }

  close(): void {
    this.closed = true;
    this.waiters.clear();
    void this.handle?.then((handle) => handle?.close());
  }

  private wake(): void {
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }
}
