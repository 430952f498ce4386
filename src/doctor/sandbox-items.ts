import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { inspectRuntimeFile, isProcessAlive, type SandboxRuntime } from '@kong-workshop/sandbox';
import { statePaths } from '../state/index.js';
import type { DoctorItem } from './types.js';
import { errorMessage } from '../shared/index.js';

export type SandboxState =
  | { readonly running: true; readonly runtime: SandboxRuntime }
  | { readonly running: false; readonly why: string };

/** A runtime file whose pid is alive and whose proxy answers; anything else is "not running". */
export async function sandboxState(env: NodeJS.ProcessEnv): Promise<SandboxState> {
  const file = inspectRuntimeFile(statePaths(env).sandboxDir);
  if (file.status === 'missing') return { running: false, why: 'not running' };
  if (file.status === 'unreadable') return { running: false, why: 'its runtime file is unreadable' };
  const { runtime } = file;
  if (!isProcessAlive(runtime.pid))
    return { running: false, why: `not running (the process ${runtime.pid} in its runtime file is gone)` };
  try {
    const response = await request(runtime.proxyUrl, { headersTimeout: 3000, bodyTimeout: 3000 });
    await response.body.dump();
    return { running: true, runtime };
  } catch {
    return { running: false, why: `process ${runtime.pid} is alive but ${runtime.proxyUrl} does not answer` };
  }
}

export function sandboxItem(state: SandboxState): DoctorItem {
  const base = { id: 'sandbox', title: 'sandbox gateway', required: false };
  if (state.running)
    return {
      ...base,
      status: 'pass',
      detail:
        `running (pid ${state.runtime.pid}): proxy ${state.runtime.proxyUrl}, Admin API ` + `${state.runtime.adminUrl}`,
    };
  return {
    ...base,
    status: 'warn',
    detail: `${state.why}; lessons start it when they need it`,
    fix: 'kong-workshop sandbox start',
  };
}

/** The kind-lab target's cluster: the running sandbox's Kubernetes API, over its own TLS certificate. */
export async function kubeLabItem(state: SandboxState, env: NodeJS.ProcessEnv): Promise<DoctorItem> {
  const base = { id: 'kube-lab', title: "kube lab (the sandbox's Kubernetes API)", required: false };
  if (!state.running)
    return {
      ...base,
      status: 'warn',
      detail: 'starts with the sandbox; lessons start it when they need it',
      fix: 'kong-workshop sandbox start',
    };
  const url = state.runtime.kubeUrl;
  if (!url)
    return {
      ...base,
      status: 'warn',
      detail: 'the running sandbox has no kube lab (an older kong-workshop started it)',
      fix: 'kong-workshop sandbox stop && kong-workshop sandbox start',
    };
  const dir = statePaths(env).sandboxDir;
  const dispatcher = new Agent({ connect: { ca: readFileOr(join(dir, 'kube-lab.crt')) } });
  try {
    const response = await request(`${url}/healthz`, { dispatcher, headersTimeout: 3000, bodyTimeout: 3000 });
    await response.body.dump();
    return {
      ...base,
      status: 'pass',
      detail: `answers at ${url}; kubectl uses it with KUBECONFIG=${join(dir, 'kubeconfig')}`,
    };
  } catch (error) {
    return {
      ...base,
      status: 'warn',
      detail: `${url} does not answer (${errorMessage(error)})`,
      fix: 'kong-workshop sandbox stop && kong-workshop sandbox start',
    };
  } finally {
    await dispatcher.close();
  }
}

function readFileOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether the sandbox can listen on its ports: free, or already ours. */
export async function portItem(port: number, state: SandboxState): Promise<DoctorItem> {
  const base = { id: `port:${port}`, title: `port ${port}`, required: false };
  if (await portFree(port)) return { ...base, status: 'pass', detail: 'free' };
  if (
    state.running &&
    [state.runtime.proxyUrl, state.runtime.adminUrl].some((url) => Number(new URL(url).port) === port)
  ) {
    return { ...base, status: 'pass', detail: 'used by the kong-workshop sandbox' };
  }
  return {
    ...base,
    status: 'warn',
    detail: `taken by another program; the sandbox listens on ${port}`,
    fix: `find it with \`lsof -nP -iTCP:${port} -sTCP:LISTEN\` (or \`ss -ltnp 'sport = :${port}'\`) and stop it`,
  };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
