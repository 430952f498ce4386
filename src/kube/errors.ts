import { FaultError } from '../shared/index.js';
/** Why a Kubernetes call did not give an answer; each has a hint a learner can act on. */
export type KubeErrorCode =
  /** No kubeconfig, or one that cannot be read or used. */
  | 'kube-config'
  /** The kubeconfig has no such context (the kind cluster was never created or was deleted). */
  | 'kube-context-missing'
  /** The API server did not answer: cluster stopped, wrong address, timeout, TLS trouble. */
  | 'kube-unreachable'
  /** 401 or 403: the credentials were refused or lack the right. */
  | 'kube-forbidden'
  /** The API server does not serve this apiVersion/kind: its CRD is not installed. */
  | 'kube-unknown-kind'
  /** A port-forward or service lookup found nothing to forward to. */
  | 'kube-no-ready-pod'
  | 'kube-not-found'
  /** Any other answer outside 2xx. */
  | 'kube-api'
  /** The caller's signal was aborted. */
  | 'kube-cancelled';

/** A fault talking to Kubernetes. A missing object is not one of these: lookups return undefined. */
export class KubeError extends FaultError<KubeErrorCode> {
  /** The HTTP status, when the API server answered. */
  readonly status?: number;
  constructor(code: KubeErrorCode, message: string, hint: string, options: { status?: number; cause?: unknown } = {}) {
    super(code, message, hint, { cause: options.cause });
    this.status = options.status;
  }
}

export function isKubeError(error: unknown, code?: KubeErrorCode): error is KubeError {
  return error instanceof KubeError && (code === undefined || error.code === code);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
]);

/** Where to look when the API server does not answer. */
function unreachableHint(server: string): string {
  return (
    `is the cluster running? try \`kind get clusters\` and \`kubectl cluster-info\`; the API server is ` +
    `${server}. \`kong-workshop doctor --target kind\` checks everything`
  );
}

const FORBIDDEN_HINT =
  'the cluster refused these credentials: check the context with `kubectl config current-context`, or refresh a kind ' +
  "cluster's with `kind export kubeconfig --name <cluster>`";

/**
 * Turns what the HTTP layer threw (node-fetch FetchError, AbortError, TLS errors) into a
 * KubeError. `cancelled` says whether the caller's own signal caused the abort.
 */
export function transportError(error: unknown, server: string, cancelled: boolean, timeoutMs: number): KubeError {
  if (cancelled) return new KubeError('kube-cancelled', 'cancelled', '', { cause: error });
  const err = error as { name?: string; code?: string; errno?: string; message?: string; type?: string };
  if (err?.name === 'AbortError' || err?.type === 'aborted') {
    return new KubeError(
      'kube-unreachable',
      `the Kubernetes API at ${server} did not answer within ${Math.round(timeoutMs / 1000)}s`,
      unreachableHint(server),
      { cause: error },
    );
  }
  const code = err?.code ?? err?.errno;
  if (code && NETWORK_CODES.has(code)) {
    return new KubeError(
      'kube-unreachable',
      `cannot reach the Kubernetes API at ${server} (${code})`,
      unreachableHint(server),
      { cause: error },
    );
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return new KubeError(
      'kube-unreachable',
      `TLS handshake with ${server} failed (${code})`,
      "the kubeconfig's certificate does not match the server; for kind, `kind export kubeconfig --name <cluster>` " +
        'writes a fresh one',
      { cause: error },
    );
  }
  return new KubeError(
    'kube-unreachable',
    `cannot reach the Kubernetes API at ${server}: ${err?.message ?? String(error)}`,
    unreachableHint(server),
    { cause: error },
  );
}

/** Turns a non-2xx answer into a KubeError, keeping the API server's own message (a Status body). */
export function statusError(status: number, body: string, what: string): KubeError {
  const message = statusMessage(body);
  if (status === 401)
    return new KubeError(
      'kube-forbidden',
      `the Kubernetes API refused the credentials (401${message ? `: ${message}` : ''})`,
      FORBIDDEN_HINT,
      { status },
    );
  if (status === 403)
    return new KubeError(
      'kube-forbidden',
      `not allowed to read ${what} (403${message ? `: ${message}` : ''})`,
      FORBIDDEN_HINT,
      { status },
    );
  if (status === 404) return new KubeError('kube-not-found', `${what} not found`, '', { status });
  return new KubeError(
    'kube-api',
    `the Kubernetes API answered ${status} for ${what}${message ? `: ${message}` : ''}`,
    'try again; if it persists, `kubectl get --raw /readyz?verbose` shows what the API server thinks',
    { status },
  );
}

function statusMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return body.slice(0, 200).trim();
  }
}
