import type { TargetName } from '../lesson/index.js';
import { assertNever } from '../shared/index.js';
import type { TargetStatus } from './types.js';

/**
 * Whether the active target is there, in one line for the home screen. Never throws: a target
 * that cannot be reached is a status, and opening a lesson says exactly what is wrong.
 */
export async function probeTargetStatus(
  target: TargetName,
  values: Readonly<Record<string, string>>,
): Promise<TargetStatus> {
  // The targets module brings HTTP, Kubernetes and the sandbox with it: not before the first frame.
  const { probeHttp } = await import('../targets/index.js');
  switch (target) {
    case 'sandbox':
      return sandboxStatus();
    case 'kind-lab': {
      const status = await sandboxStatus();
      return status.state === 'ready'
        ? { ...status, line: `${status.line}, with its kube lab (the kind lessons, offline)` }
        : {
            ...status,
            line: 'sandbox not running: it starts in the background, with its kube lab, when you open a lesson',
          };
    }
    case 'gateway': {
      const admin = values.ADMIN ?? 'http://localhost:8001';
      const probe = await probeHttp(admin, { timeoutMs: 1500 });
      return probe.reachable
        ? { state: 'ready', line: `Kong's Admin API answers at ${admin}` }
        : { state: 'down', line: `cannot reach Kong's Admin API at ${admin} (${probe.reason})` };
    }
    case 'konnect': {
      if (!values.KONNECT_TOKEN)
        return { state: 'down', line: 'Konnect: you will be asked for a token when you open a lesson' };
      const proxy = values.PROXY ?? 'http://localhost:8000';
      const probe = await probeHttp(proxy, { timeoutMs: 1500 });
      return probe.reachable
        ? { state: 'ready', line: `Konnect token saved; data plane answers at ${proxy}` }
        : { state: 'down', line: `cannot reach the data plane at ${proxy} (${probe.reason})` };
    }
    case 'kind':
      return {
        state: 'checking',
        line: 'kind: the cluster is checked when you open a lesson (`kong-workshop doctor --target kind` checks now)',
      };
    default:
      return assertNever(target);
  }
}

// A runtime file whose process is gone, or whose Admin API does not answer to its pid, means
// "not running"; the sandbox module says so for everyone (doctor and `sandbox status` too).
async function sandboxStatus(): Promise<TargetStatus> {
  const { findRunningSandbox } = await import('@kong-workshop/sandbox');
  const runtime = await findRunningSandbox({ timeoutMs: 1500 });
  return runtime
    ? { state: 'ready', line: `sandbox running at ${runtime.proxyUrl}` }
    : { state: 'down', line: 'sandbox not running: it starts in the background when you open a lesson' };
}
