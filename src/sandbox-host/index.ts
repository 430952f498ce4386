/**
 * How the workshop runs the sandbox packages: the gateway with its kube lab attached, in this
 * process or as a daemon served by the workshop's own bin (`kong-workshop sandbox start --foreground`).
 * The lab is imported only when one starts, so a run that needs none never loads it.
 */
import { join } from 'node:path';
import {
  type KubeLabStarter,
  type RunningSandbox,
  type SandboxOptions,
  type SandboxRuntime,
  startSandbox,
  startSandboxDaemon,
} from '@kong-workshop/sandbox';
import { RUN_MARKER_ENV } from '../exec/index.js';
import { packageRoot } from '../shared/index.js';

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

export interface WorkshopDaemonOptions {
  readonly proxyPort?: number;
  readonly adminPort?: number;
  readonly kubePort?: number;
  readonly auth?: boolean;
  readonly timeoutMs?: number;
  readonly sandboxDir?: string;
}

/** A background sandbox with its kube lab, served by `kong-workshop sandbox start --foreground`. */
export function startWorkshopSandboxDaemon(
  options: WorkshopDaemonOptions = {},
): Promise<SandboxRuntime & { alreadyRunning: boolean }> {
  const command = [join(packageRoot(), 'bin', 'kong-workshop.mjs'), 'sandbox', 'start', '--foreground'];
  if (options.proxyPort !== undefined) command.push('--proxy-port', String(options.proxyPort));
  if (options.adminPort !== undefined) command.push('--admin-port', String(options.adminPort));
  if (options.kubePort !== undefined) command.push('--kube-port', String(options.kubePort));
  if (options.auth === false) command.push('--no-auth');
  // A sandbox started from a lesson's command outlives the command on purpose: it must not carry
  // the command's marker, or stopping the command would take the sandbox with it.
  const { [RUN_MARKER_ENV]: _marker, ...env } = process.env;
  return startSandboxDaemon({ command, env, timeoutMs: options.timeoutMs, sandboxDir: options.sandboxDir });
}

function lazyKubeLab(port: number | undefined): KubeLabStarter {
  return async (host) => {
    const { kubeLab } = await import('@kong-workshop/kube-lab/server');
    return kubeLab({ port })(host);
  };
}
