/**
 * How the workshop runs the sandbox packages: the gateway with its kube lab attached, in this
 * process or as a daemon served by the workshop's own bin (`kong-workshop sandbox start --foreground`).
 * The lab is imported only when one starts, so a run that needs none never loads it.
 */
import { type KubeLabStarter, type RunningSandbox, type SandboxOptions, startSandbox } from '@kong-workshop/sandbox';

// The daemon lives in a module of its own, which the short sandbox commands load without the gateway.
export { startWorkshopSandboxDaemon, type WorkshopDaemonOptions } from '../sandbox-daemon/index.js';

export interface WorkshopSandboxOptions extends Omit<SandboxOptions, 'kubeLab'> {
  /** Attach the kube lab (default true). */
  readonly kubeLab?: boolean;
  /** The kube lab's Kubernetes API port; default 6443, 0 for any free port. */
  readonly kubePort?: number;
}

export function startWorkshopSandbox(options: WorkshopSandboxOptions = {}): Promise<RunningSandbox> {
  const { kubeLab = true, kubePort, ...gateway } = options;
  return startSandbox({ ...gateway, kubeLab: kubeLab ? lazyKubeLab(kubePort) : undefined });
}

function lazyKubeLab(port: number | undefined): KubeLabStarter {
  return async (host) => {
    const { kubeLab } = await import('@kong-workshop/kube-lab/server');
    return kubeLab({ port })(host);
  };
}
