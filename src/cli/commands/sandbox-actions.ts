import { existsSync, readFileSync, rmSync, statSync, createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineCounter, parseDocument } from 'yaml';
import {
  callAdmin,
  configFilePath,
  DeckFileError,
  ensureSandboxToken,
  findRunningSandbox,
  logFilePath,
  renderDeckTemplate,
  resolveAdminToken,
  stateFilePath,
  stopSandbox,
  PAT_ENV,
  type TokenSource,
  type SandboxRuntime,
  type SyncSummary,
} from '@kong-workshop/sandbox';
import { startWorkshopSandbox, startWorkshopSandboxDaemon } from '../../sandbox-host/index.js';
import { kubeconfigPath, labStatePath } from '@kong-workshop/kube-lab';
import { formatDuration, parseDuration, errorCode, errorMessage } from '../../shared/index.js';
import { statePaths } from '../../state/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

const envPort = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(ExitCode.Usage, `${name}=${value} is not a port`);
  return port;
};

interface StartOptions {
  readonly foreground?: boolean;
  readonly proxyPort?: number;
  readonly adminPort?: number;
  readonly kubePort?: number;
  readonly auth: boolean;
  readonly accessLog?: boolean;
}

export async function startCommand(options: StartOptions): Promise<number> {
  const proxyPort = options.proxyPort ?? envPort('KONG_WORKSHOP_SANDBOX_PROXY_PORT');
  const adminPort = options.adminPort ?? envPort('KONG_WORKSHOP_SANDBOX_ADMIN_PORT');
  const kubePort = options.kubePort ?? envPort('KONG_WORKSHOP_SANDBOX_KUBE_PORT');
  if (options.foreground) return runForeground({ ...options, proxyPort, adminPort, kubePort });
  const runtime = await startWorkshopSandboxDaemon({ proxyPort, adminPort, kubePort, auth: options.auth });
  out(runtime.alreadyRunning ? `sandbox already running (pid ${runtime.pid})` : `sandbox started (pid ${runtime.pid})`);
  if (!runtime.alreadyRunning) {
    // The daemon logged the fallback to its file; say it here too, where the user is looking.
    for (const [label, wanted, url] of [
      ['proxy', proxyPort ?? 8000, runtime.proxyUrl],
      ['Admin API', adminPort ?? 8001, runtime.adminUrl],
    ] as const) {
      const actual = Number(new URL(url).port);
      if (wanted !== 0 && actual !== wanted) out(`port ${wanted} is taken; the ${label} listens on ${actual} instead`);
    }
  }
  printUrls(runtime);
  return ExitCode.Ok;
}

async function runForeground(options: StartOptions): Promise<number> {
  const running = await findRunningSandbox();
  if (running)
    throw new CliError(
      ExitCode.Fault,
      `a sandbox is already running (pid ${running.pid}) at ${running.proxyUrl}`,
      'stop it first: kong-workshop sandbox stop',
    );
  // A closed terminal or log pipe must not take the gateway down with an EPIPE.
  process.stdout.on('error', () => {});
  const log = (line: string) => out(`${new Date().toISOString()} ${line}`);
  const sandbox = await startWorkshopSandbox({
    proxyPort: options.proxyPort,
    adminPort: options.adminPort,
    kubePort: options.kubePort,
    auth: options.auth,
    accessLog: options.accessLog,
    log,
  });
  log(
    `sandbox running (pid ${process.pid}): proxy ${sandbox.proxyUrl}, Admin API ${sandbox.adminUrl}${sandbox.auth ? ' (token required)' : ' (no auth)'}, echo ${sandbox.echoUrl}`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await sandbox.stop();
  log('sandbox stopped');
  return ExitCode.Ok;
}

function printUrls(runtime: SandboxRuntime): void {
  out(`  proxy      ${runtime.proxyUrl}`);
  out(
    `  admin API  ${runtime.adminUrl}${runtime.auth ? '   (needs the token: kong-workshop sandbox token)' : '   (no auth)'}`,
  );
  out(`  echo       ${runtime.echoUrl}   (services reach it as http://echo)`);
  if (runtime.kubeUrl) out(`  kube lab   ${runtime.kubeUrl}   (KUBECONFIG=${kubeconfigPath(statePaths().sandboxDir)})`);
}

export async function stopCommand(): Promise<number> {
  const stopped = await stopSandbox();
  out(stopped ? `sandbox stopped (pid ${stopped.pid})` : 'sandbox was not running');
  return ExitCode.Ok;
}

export async function statusCommand(options: { format: 'text' | 'json' }): Promise<number> {
  const runtime = await findRunningSandbox();
  if (options.format === 'json') {
    out(JSON.stringify(runtime ? { running: true, ...runtime } : { running: false }, null, 2));
    return runtime ? ExitCode.Ok : ExitCode.Fault;
  }
  if (!runtime) {
    out('sandbox not running (start it with: kong-workshop sandbox start)');
    return ExitCode.Fault;
  }
  out(`sandbox running (pid ${runtime.pid}, since ${runtime.startedAt})`);
  printUrls(runtime);
  return ExitCode.Ok;
}

async function requireRunning(): Promise<SandboxRuntime> {
  const runtime = await findRunningSandbox();
  if (!runtime)
    throw new CliError(ExitCode.Fault, 'the sandbox is not running', 'start it with: kong-workshop sandbox start');
  return runtime;
}

/** How a command was told which token to use: --pat, and --config-file in place of config.yaml. */
export interface TokenFlags {
  readonly pat?: string;
  readonly configFile?: string;
}

function adminCall(runtime: SandboxRuntime, flags: TokenFlags) {
  return {
    adminUrl: runtime.adminUrl,
    token: resolveAdminToken({ flag: flags.pat, configFile: flags.configFile })?.token,
  };
}

function failOnAuth(status: number, body: unknown): void {
  if (status === 401) {
    throw new CliError(
      ExitCode.Fault,
      `the sandbox refused the token: ${(body as { message?: string })?.message ?? 'Unauthorized'}`,
      'pass --pat, set KONG_WORKSHOP_PAT, or see `kong-workshop sandbox token`',
    );
  }
}

/** `sandbox sync` (the file becomes the configuration) and `sandbox apply` (the file is added to it). */
export async function syncCommand(file: string, options: TokenFlags, mode: 'sync' | 'apply' = 'sync'): Promise<number> {
  const content = readDeckFile(file);
  const runtime = await requireRunning();
  const { status, body } = await callAdmin(adminCall(runtime, options), 'POST', `/_sandbox/${mode}`, { content });
  failOnAuth(status, body);
  if (status !== 200) {
    const error = body as { message?: string; hint?: string };
    throw new CliError(
      ExitCode.Usage,
      `${file}: ${error?.message ?? `the sandbox answered ${status}`}`,
      error?.hint ?? 'fix the file and sync again',
    );
  }
  const summary = body as SyncSummary;
  if (summary.controlPlane) out(`control plane '${summary.controlPlane}' is the local sandbox`);
  for (const change of summary.changes) out(change);
  out('Summary:');
  out(`  Created: ${summary.created}`);
  out(`  Updated: ${summary.updated}`);
  out(`  Deleted: ${summary.deleted}`);
  return ExitCode.Ok;
}

/** Reads a deck file: env substitution, then YAML/JSON with errors at file:line:col. */
function readDeckFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    // `-` is stdin, as for deck: `echo '…' | kong-workshop sandbox apply -`.
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(
      ExitCode.Usage,
      `cannot read ${file}: ${errorCode(error) ?? errorMessage(error)}`,
      'give the path of a deck file',
    );
  }
  let rendered: string;
  try {
    rendered = renderDeckTemplate(text, process.env);
  } catch (error) {
    if (error instanceof DeckFileError) throw new CliError(ExitCode.Usage, `${file}: ${error.message}`, error.hint);
    throw error;
  }
  const lines = new LineCounter();
  const document = parseDocument(rendered, { prettyErrors: false, lineCounter: lines });
  const problem = document.errors[0];
  if (problem) {
    const at = lines.linePos(problem.pos[0]);
    throw new CliError(
      ExitCode.Usage,
      `${file}:${at?.line ?? 1}:${at?.col ?? 1}: ${problem.message.split('\n')[0]}`,
      'deck files are YAML or JSON',
    );
  }
  const value: unknown = document.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliError(
      ExitCode.Usage,
      `${file}:1:1: expected a mapping at the top level`,
      'a deck file starts with _format_version: "3.0"',
    );
  return value as Record<string, unknown>;
}

export async function resetCommand(options: TokenFlags): Promise<number> {
  const runtime = await findRunningSandbox();
  if (runtime) {
    const { status, body } = await callAdmin(adminCall(runtime, options), 'POST', '/_sandbox/reset');
    failOnAuth(status, body);
    if (status !== 200)
      throw new CliError(ExitCode.Fault, `the sandbox answered ${status} to reset`, 'see kong-workshop sandbox logs');
  } else {
    rmSync(stateFilePath(statePaths().sandboxDir), { force: true });
    rmSync(labStatePath(statePaths().sandboxDir), { force: true });
  }
  out('sandbox configuration cleared');
  return ExitCode.Ok;
}

/** The kube lab's kubeconfig path; it is written when the sandbox starts. */
export async function kubeconfigCommand(): Promise<number> {
  const runtime = await findRunningSandbox();
  if (!runtime?.kubeUrl)
    throw new CliError(
      ExitCode.Fault,
      'the sandbox is not running, so its kube lab has no address yet',
      'start it: kong-workshop sandbox start',
    );
  out(kubeconfigPath(statePaths().sandboxDir));
  return ExitCode.Ok;
}

export async function tokenCommand(): Promise<number> {
  out(ensureSandboxToken());
  return ExitCode.Ok;
}

export async function advanceCommand(duration: string, options: TokenFlags): Promise<number> {
  const ms = parseDuration(duration);
  if (ms === undefined)
    throw new CliError(ExitCode.Usage, `not a duration: ${duration}`, 'write it with a unit: 30s, 1m, 1h30m');
  const runtime = await requireRunning();
  const { status, body } = await callAdmin(adminCall(runtime, options), 'POST', '/_sandbox/clock/advance', { ms });
  failOnAuth(status, body);
  if (status !== 200)
    throw new CliError(ExitCode.Fault, `the sandbox answered ${status}`, 'see kong-workshop sandbox logs');
  const clock = body as { now: string; offset_ms: number };
  out(
    `sandbox clock advanced by ${formatDuration(ms)}: now ${clock.now} (${formatDuration(clock.offset_ms)} ahead of real time)`,
  );
  return ExitCode.Ok;
}

/** Like `kongctl get organization`: whose token this is, and where it was found. */
export async function whoamiCommand(options: TokenFlags): Promise<number> {
  const runtime = await requireRunning();
  const resolved = resolveAdminToken({ flag: options.pat, configFile: options.configFile });
  const { status, body } = await callAdmin(
    { adminUrl: runtime.adminUrl, token: resolved?.token },
    'GET',
    '/_sandbox/organizations/me',
  );
  failOnAuth(status, body);
  if (status !== 200)
    throw new CliError(ExitCode.Fault, `the sandbox answered ${status}`, 'see kong-workshop sandbox logs');
  const org = body as { id: string; name?: string };
  const from: Record<TokenSource, string> = {
    flag: 'the --pat flag',
    env: `the ${PAT_ENV} environment variable`,
    config: `sandbox.pat in ${options.configFile ?? configFilePath()}`,
    'token-file': "the sandbox's own token file",
  };
  out(`organization ${org.id}${org.name ? ` (${org.name})` : ''}`);
  out(`token from ${resolved ? from[resolved.source] : 'nowhere (the Admin API is open)'}`);
  return ExitCode.Ok;
}

export async function logsCommand(options: { follow?: boolean }): Promise<number> {
  const path = logFilePath();
  if (!existsSync(path)) {
    out('no sandbox log yet (the background sandbox writes it)');
    return ExitCode.Ok;
  }
  let position = await copyFrom(path, 0);
  if (!options.follow) return ExitCode.Ok;
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  while (!stopped) {
    await sleep(250);
    if (statSync(path).size > position) position = await copyFrom(path, position);
  }
  return ExitCode.Ok;
}

function copyFrom(path: string, start: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, { start });
    let read = start;
    stream.on('data', (chunk) => {
      read += chunk.length;
      process.stdout.write(chunk);
    });
    stream.on('end', () => resolve(read));
    stream.on('error', reject);
  });
}
