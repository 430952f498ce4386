/**
 * The background sandbox as the workshop runs it: a daemon served by the workshop's own bin
 * (`kong-workshop sandbox start --foreground`). Apart from src/sandbox-host, which runs the gateway
 * in-process, so that `kong-workshop sandbox start` and the other short commands never load it.
 */
import { join } from 'node:path';
import { type SandboxRuntime, startSandboxDaemon } from '@kong-workshop/sandbox/control';
import { RUN_MARKER_ENV } from '../exec/model.js';
import { packageRoot } from '../shared/index.js';

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
