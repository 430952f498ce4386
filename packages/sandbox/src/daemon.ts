import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { statePaths } from '@kong-workshop/common';
import { SandboxError } from './errors.js';
import {
  findRunningSandbox,
  isProcessAlive,
  readRuntimeFile,
  removeRuntimeFile,
  tailOf,
  type SandboxRuntime,
} from './runtime.js';

export interface DaemonOptions {
  /**
   * The Node script and arguments that serve a sandbox in the foreground, e.g.
   * `[bin/kong-sandbox.mjs, 'start', '--foreground']`: the program that embeds the sandbox says how.
   */
  readonly command: readonly string[];
  /** The daemon's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the sandbox to answer (default 20 s). */
  readonly timeoutMs?: number;
  readonly sandboxDir?: string;
}

// A plain timer rather than node:timers/promises, which `stop` would load for two waits.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const logFilePath = (sandboxDir: string = statePaths().sandboxDir) => join(sandboxDir, 'sandbox.log');

/**
 * Starts the sandbox in the background (`options.command`, detached, output appended to
 * sandbox.log) and waits until it answers. Returns the running one if a sandbox is already up.
 */
export async function startSandboxDaemon(
  options: DaemonOptions,
): Promise<SandboxRuntime & { alreadyRunning: boolean }> {
  const dir = options.sandboxDir ?? statePaths().sandboxDir;
  const running = await findRunningSandbox({ sandboxDir: dir });
  if (running) return { ...running, alreadyRunning: true };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Loaded here: `stop` and the other short commands import this module and never spawn.
  const { spawn } = await import('node:child_process');
  const logFile = logFilePath(dir);
  const out = openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [...options.command], {
    detached: true,
    stdio: ['ignore', out, out],
    env: options.env ?? process.env,
  });
  closeSync(out);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    const runtime = readRuntimeFile(dir);
    if (runtime && runtime.pid === child.pid && (await findRunningSandbox({ sandboxDir: dir })))
      return { ...runtime, alreadyRunning: false };
    await sleep(50);
  }
  if (exited === undefined && child.pid) process.kill(child.pid, 'SIGTERM');
  throw new SandboxError(
    'SANDBOX_START_FAILED',
    exited !== undefined ? `the sandbox exited during start-up (code ${exited})` : 'the sandbox did not answer in time',
    `see ${logFile}:\n${tailOf(logFile)}`,
  );
}

/** Stops the sandbox runtime.json describes (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopSandbox(
  options: { sandboxDir?: string; graceMs?: number } = {},
): Promise<SandboxRuntime | undefined> {
  const dir = options.sandboxDir ?? statePaths().sandboxDir;
  const runtime = readRuntimeFile(dir);
  if (!runtime) return undefined;
  if (!isProcessAlive(runtime.pid)) {
    removeRuntimeFile(dir, runtime.pid);
    return undefined;
  }
  // Only signal the process if it is the sandbox (it answers the ping with its pid): a stale
  // runtime.json may name a pid the system has given to something else.
  if (!(await findRunningSandbox({ sandboxDir: dir }))) {
    removeRuntimeFile(dir, runtime.pid);
    return undefined;
  }
  process.kill(runtime.pid, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 5000);
  while (isProcessAlive(runtime.pid) && Date.now() < deadline) await sleep(50);
  if (isProcessAlive(runtime.pid)) process.kill(runtime.pid, 'SIGKILL');
  removeRuntimeFile(dir, runtime.pid);
  return runtime;
}
