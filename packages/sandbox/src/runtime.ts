import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, statePaths, writeFileAtomicallySync, errorCode, isRecord } from '@kong-workshop/common';
import { httpText } from './http-text.js';

/** runtime.json: how to reach a running sandbox (the shared convention every module reads). */
export interface SandboxRuntime {
  readonly pid: number;
  readonly proxyUrl: string;
  /** The HTTPS proxy (absent in runtime files written before it existed). */
  readonly proxyTlsUrl?: string;
  readonly adminUrl: string;
  readonly echoUrl: string;
  /** The kube lab's Kubernetes API (`https://127.0.0.1:6443`); absent when the lab is off. */
  readonly kubeUrl?: string;
  readonly auth: boolean;
  readonly startedAt: string;
}

export const runtimeFilePath = (sandboxDir: string = statePaths().sandboxDir) => join(sandboxDir, 'runtime.json');

export function writeRuntimeFile(sandboxDir: string, runtime: SandboxRuntime): void {
  writeFileAtomicallySync(runtimeFilePath(sandboxDir), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o644 });
}

/** Removes runtime.json if it still describes the given process (a newer sandbox may own it). */
export function removeRuntimeFile(sandboxDir: string, pid: number): void {
  const current = readRuntimeFile(sandboxDir);
  if (current && current.pid !== pid) return;
  rmSync(runtimeFilePath(sandboxDir), { force: true });
}

/** What the runtime file says: nothing (never started, or stopped), something unreadable, or a sandbox. */
export type RuntimeFileState =
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable' }
  | { readonly status: 'ok'; readonly runtime: SandboxRuntime };

export function inspectRuntimeFile(sandboxDir: string = statePaths().sandboxDir): RuntimeFileState {
  const read = readJsonFile<SandboxRuntime>(runtimeFilePath(sandboxDir));
  if (read.status === 'missing') return { status: 'missing' };
  const value = read.status === 'ok' ? read.value : undefined;
  const usable =
    typeof value?.pid === 'number' && typeof value.adminUrl === 'string' && typeof value.proxyUrl === 'string';
  return usable ? { status: 'ok', runtime: value } : { status: 'unreadable' };
}

export function readRuntimeFile(sandboxDir: string = statePaths().sandboxDir): SandboxRuntime | undefined {
  const state = inspectRuntimeFile(sandboxDir);
  return state.status === 'ok' ? state.runtime : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/**
 * The sandbox described by runtime.json, if it is really running: its process exists and its
 * Admin API answers the ping with that pid. A stale file means "not running".
 */
export async function findRunningSandbox(
  options: { sandboxDir?: string; timeoutMs?: number } = {},
): Promise<SandboxRuntime | undefined> {
  const runtime = readRuntimeFile(options.sandboxDir);
  if (!runtime || !isProcessAlive(runtime.pid)) return undefined;
  try {
    const response = await httpText(`${runtime.adminUrl}/_sandbox/ping`, { timeoutMs: options.timeoutMs ?? 2000 });
    if (response.status < 200 || response.status > 299) return undefined;
    const body: unknown = JSON.parse(response.text);
    return isRecord(body) && body.pid === runtime.pid ? runtime : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of a log file, for error messages. */
export function tailOf(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
