/**
 * The short `kong-workshop sandbox …` commands: each asks the running sandbox one thing and exits.
 * Lessons run them many times, each in a new process, so this module and its imports stay light
 * (no commander, no gateway, no execa): the quick path in ../quick.ts runs them without the rest of
 * the CLI. The gateway itself (`start --foreground`) and `logs` live in sandbox-actions.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import {
  callAdmin,
  DeckFileError,
  renderDeckTemplate,
  configFilePath,
  ensureSandboxToken,
  findRunningSandbox,
  resolveAdminToken,
  stateFilePath,
  journalFilePath,
  stopSandbox,
  PAT_ENV,
  type TokenSource,
  type SandboxRuntime,
  type SyncSummary,
  type AdminCall,
} from '@kong-workshop/sandbox/control';
import { kubeconfigPath, labStatePath } from '@kong-workshop/kube-lab/paths';
import { startWorkshopSandboxDaemon } from '../../sandbox-daemon/index.js';
import { errorCode, errorMessage, formatDuration, isRecord, parseDuration } from '../../shared/index.js';
import { statePaths } from '../../state/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

const TOKEN_COMMAND = 'kong-workshop sandbox token';
const out = (line = '') => process.stdout.write(`${line}\n`);

const envPort = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(ExitCode.Usage, `${name}=${value} is not a port`);
  return port;
};

export interface StartOptions {
  readonly foreground?: boolean;
  readonly proxyPort?: number;
  readonly adminPort?: number;
  readonly kubePort?: number;
  readonly auth: boolean;
  readonly accessLog?: boolean;
}

/** The ports asked for: the flags, else KONG_WORKSHOP_SANDBOX_PROXY_PORT and its siblings, else the defaults. */
export function startPorts(options: StartOptions): StartOptions {
  return {
    ...options,
    proxyPort: options.proxyPort ?? envPort('KONG_WORKSHOP_SANDBOX_PROXY_PORT'),
    adminPort: options.adminPort ?? envPort('KONG_WORKSHOP_SANDBOX_ADMIN_PORT'),
    kubePort: options.kubePort ?? envPort('KONG_WORKSHOP_SANDBOX_KUBE_PORT'),
  };
}

/** `sandbox start`: the background sandbox (`--foreground` is foregroundCommand in sandbox-actions.ts). */
export async function startCommand(options: StartOptions): Promise<number> {
  const { proxyPort, adminPort, kubePort } = startPorts(options);
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

export function printUrls(runtime: SandboxRuntime): void {
  out(`  proxy      ${runtime.proxyUrl}`);
  out(`  Admin API  ${runtime.adminUrl}   ${runtime.auth ? `(needs the token: ${TOKEN_COMMAND})` : '(no auth)'}`);
  out(`  echo       ${runtime.echoUrl}   (services reach it as http://echo)`);
  if (runtime.proxyTlsUrl) out(`  proxy tls  ${runtime.proxyTlsUrl}   (self-signed certificate: curl -k)`);
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

export async function requireRunning(): Promise<SandboxRuntime> {
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

export async function adminCall(runtime: SandboxRuntime, flags: TokenFlags): Promise<AdminCall> {
  return { adminUrl: runtime.adminUrl, token: (await tokenFor(runtime, flags))?.token };
}

/**
 * The token in kongctl's order (resolveAdminToken). A stored login whose access token expired is
 * renewed with its refresh token first, as kongctl does; that code loads only then. The lab's
 * commands (`apply`, `get`, …) use it too: both APIs accept the same tokens.
 */
export async function tokenFor(runtime: SandboxRuntime, flags: TokenFlags) {
  const resolved = await resolveAdminToken({ flag: flags.pat, configFile: flags.configFile });
  if (!resolved?.expiredLogin) return resolved;
  const { renewStoredLogin } = await import('./sandbox-login.js');
  return { ...resolved, token: await renewStoredLogin(resolved.expiredLogin, runtime.adminUrl) };
}

export function failOnAuth(status: number, body: unknown): void {
  if (status === 401) {
    throw new CliError(
      ExitCode.Fault,
      `the sandbox refused the token: ${(body as { message?: string })?.message ?? 'Unauthorized'}`,
      'pass --pat, set KONG_WORKSHOP_PAT, run `kong-workshop sandbox login`, or see `kong-workshop sandbox token`',
    );
  }
}

/** `sandbox sync` (the file becomes the configuration) and `sandbox apply` (the file is added to it). */
export async function syncCommand(file: string, options: TokenFlags, mode: 'sync' | 'apply' = 'sync'): Promise<number> {
  const text = readDeckText(file);
  const runtime = await requireRunning();
  const { status, body } = await callAdmin(await adminCall(runtime, options), 'POST', `/_sandbox/${mode}`, { text });
  failOnAuth(status, body);
  if (status !== 200) {
    const error = isRecord(body) ? body : {};
    const at = typeof error.line === 'number' && typeof error.col === 'number' ? `:${error.line}:${error.col}` : '';
    throw new CliError(
      ExitCode.Usage,
      `${file}${at}: ${typeof error.message === 'string' ? error.message : `the sandbox answered ${status}`}`,
      typeof error.hint === 'string' ? error.hint : 'fix the file and sync again',
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

/**
 * Reads a deck file and renders its `${{ env "DECK_…" }}` expressions from this process's environment.
 * The sandbox parses the YAML (it has the parser loaded already) and answers with line and column.
 */
function readDeckText(file: string): string {
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
  return rendered;
}

export async function resetCommand(options: TokenFlags): Promise<number> {
  const runtime = await findRunningSandbox();
  if (runtime) {
    const { status, body } = await callAdmin(await adminCall(runtime, options), 'POST', '/_sandbox/reset');
    failOnAuth(status, body);
    if (status !== 200)
      throw new CliError(ExitCode.Fault, `the sandbox answered ${status} to reset`, 'see kong-workshop sandbox logs');
  } else {
    for (const target of [undefined, 'kind-lab']) {
      rmSync(stateFilePath(statePaths().sandboxDir, target), { force: true });
      rmSync(journalFilePath(statePaths().sandboxDir, target), { force: true });
    }
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
  const { status, body } = await callAdmin(await adminCall(runtime, options), 'POST', '/_sandbox/clock/advance', {
    ms,
  });
  failOnAuth(status, body);
  if (status !== 200)
    throw new CliError(ExitCode.Fault, `the sandbox answered ${status}`, 'see kong-workshop sandbox logs');
  const clock = body as { now: string; offset_ms: number };
  out(
    `sandbox clock advanced by ${formatDuration(ms)}: ` +
      `now ${clock.now} (${formatDuration(clock.offset_ms)} ahead of real time)`,
  );
  return ExitCode.Ok;
}

/** Like `kongctl get organization`: whose token this is, and where it was found. */
export async function whoamiCommand(options: TokenFlags): Promise<number> {
  const runtime = await requireRunning();
  const resolved = await tokenFor(runtime, options);
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
    login: 'the stored login (kong-workshop sandbox login)',
    'token-file': "the sandbox's own token file",
  };
  out(`organization ${org.id}${org.name ? ` (${org.name})` : ''}`);
  out(`token from ${resolved ? from[resolved.source] : 'nowhere (the Admin API is open)'}`);
  return ExitCode.Ok;
}
