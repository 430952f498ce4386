import { findRunningSandbox } from '@kong-workshop/sandbox';
import { startWorkshopSandboxDaemon } from '../../sandbox-host/index.js';
import { LabClient, type KindInfo, type LabResponse } from '@kong-workshop/kube-lab';
import { statePaths } from '../../state/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { tokenFor } from '../commands/sandbox-client.js';

/** Flags every lab command takes. */
export interface LabFlags {
  readonly namespace?: string;
  readonly pat?: string;
}

/** The namespace of the lab's kubeconfig context, as kubectl uses it when -n is not given. */
export const DEFAULT_NAMESPACE = 'kong';

/**
 * A client for the running sandbox's Kubernetes API; a sandbox starts in the background when
 * none runs (as lessons start one). The token comes in the order `sandbox` commands use:
 * --pat, KONG_WORKSHOP_PAT, config.yaml, the stored login (renewed when expired), the token file.
 * The lab accepts whatever the Admin API accepts, the login's access token included.
 */
export async function connectLab(flags: LabFlags): Promise<LabClient> {
  let runtime = await findRunningSandbox();
  if (!runtime) {
    process.stderr.write('starting the sandbox in the background (stop it with `kong-workshop sandbox stop`)…\n');
    runtime = await startWorkshopSandboxDaemon({});
  }
  return LabClient.forRuntime(runtime, statePaths().sandboxDir, (await tokenFor(runtime, { pat: flags.pat }))?.token);
}

/** `kongplugin.configuration.konghq.com`, `deployment.apps`, `secret`: how kubectl names a kind in output. */
export function kindLabel(kind: KindInfo): string {
  return kind.group ? `${kind.kind.toLowerCase()}.${kind.group}` : kind.kind.toLowerCase();
}

/** Turns a refused token into a fault with the fix; other failures stay responses. */
export function checkAuth(response: LabResponse): LabResponse {
  if (response.status === 401) {
    throw new CliError(
      ExitCode.Fault,
      "the sandbox's Kubernetes API refused the token",
      'pass --pat, set KONG_WORKSHOP_PAT, or see `kong-workshop sandbox token`',
    );
  }
  return response;
}

/** The message of a Status body (`kongplugins.configuration.konghq.com "x" not found`). */
export function statusMessage(response: LabResponse): string {
  const body = response.body as { message?: unknown; reason?: unknown } | string | undefined;
  if (typeof body === 'object' && body && typeof body.message === 'string') return body.message;
  return typeof body === 'string' && body ? body.trim() : `the API answered ${response.status}`;
}

/** kubectl's line for a refused request: `Error from server (NotFound): …`. */
export function serverError(response: LabResponse): string {
  return `Error from server (${statusReason(response)}): ${statusMessage(response)}`;
}

/** Where a named object lives: the given namespace or the lab's default, and none for cluster-scoped kinds. */
export function objectNamespace(kind: KindInfo, namespace: string | undefined): string | undefined {
  return kind.namespaced ? (namespace ?? DEFAULT_NAMESPACE) : undefined;
}

function statusReason(response: LabResponse): string {
  const body = response.body as { reason?: unknown } | undefined;
  return typeof body === 'object' && body && typeof body.reason === 'string' ? body.reason : String(response.status);
}
