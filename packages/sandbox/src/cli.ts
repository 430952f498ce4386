import { parseArgs } from 'node:util';
import { statePaths } from '@kong-workshop/common';
import { startSandboxDaemon, stopSandbox } from './daemon.js';
import { findRunningSandbox } from './runtime.js';
import { startSandbox } from './sandbox.js';

const USAGE = `kong-sandbox: a small Kong Gateway 3.9 stand-in on 127.0.0.1
(proxy, Admin API, key-auth, basic-auth, jwt, hmac-auth, oauth2, acl, rate-limiting, request-termination,
consumer groups)

Usage:
  kong-sandbox [start] [--port N | --proxy-port N --admin-port N] [--no-auth] [--state-dir DIR] [--detach]
  kong-sandbox status | stop

Options:
  --port N          proxy on N, Admin API on N+1 (0: any free ports; default 8000 and 8001)
  --proxy-port N    the proxy's port
  --admin-port N    the Admin API's port
  --no-auth         the Admin API answers without a token (default: a kpat_ token in <state-dir>/token)
  --state-dir DIR   token, saved configuration and runtime.json (default: kong-workshop's sandbox folder)
  --detach          start in the background, print the URLs, and return
  -h, --help        this help

Examples:
  kong-sandbox --port 0                       # foreground, free ports; Ctrl-C stops it
  kong-sandbox --detach && kong-sandbox status
  curl -s -H "Authorization: Bearer $(cat ~/.local/state/kong-workshop/sandbox/token)" localhost:8001/`;

const OPTIONS = {
  port: { type: 'string' },
  'proxy-port': { type: 'string' },
  'admin-port': { type: 'string' },
  'no-auth': { type: 'boolean' },
  'state-dir': { type: 'string' },
  detach: { type: 'boolean' },
  foreground: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs the gateway's own command line; returns the exit code (0 ok, 1 usage, 3 could not start). */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command = 'start', ...extra] = positionals;
  if (extra.length > 0) return usageError(`unexpected argument '${extra[0]}'`);
  const sandboxDir = values['state-dir'] ?? statePaths().sandboxDir;

  if (command === 'status') {
    const running = await findRunningSandbox({ sandboxDir });
    if (!running) {
      process.stdout.write('no sandbox is running\n');
      return 3;
    }
    process.stdout.write(`running (pid ${running.pid}): proxy ${running.proxyUrl}, Admin API ${running.adminUrl}\n`);
    return 0;
  }
  if (command === 'stop') {
    const stopped = await stopSandbox({ sandboxDir });
    process.stdout.write(stopped ? `stopped the sandbox (pid ${stopped.pid})\n` : 'no sandbox was running\n');
    return 0;
  }
  if (command !== 'start') return usageError(`unknown command '${command}'`);

  const ports = parsePorts(values);
  if (typeof ports === 'string') return usageError(ports);
  const auth = !values['no-auth'];

  if (values.detach) {
    const command = [process.argv[1] ?? '', 'start', '--foreground', '--state-dir', sandboxDir];
    if (ports.proxyPort !== undefined) command.push('--proxy-port', String(ports.proxyPort));
    if (ports.adminPort !== undefined) command.push('--admin-port', String(ports.adminPort));
    if (!auth) command.push('--no-auth');
    const runtime = await startSandboxDaemon({ command, sandboxDir });
    process.stdout.write(
      `${runtime.alreadyRunning ? 'already running' : 'started'} (pid ${runtime.pid}): ` +
        `proxy ${runtime.proxyUrl}, Admin API ${runtime.adminUrl}\n`,
    );
    return 0;
  }

  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const running = await findRunningSandbox({ sandboxDir });
  if (running) {
    process.stderr.write(`a sandbox is already running (pid ${running.pid}) at ${running.proxyUrl}\n`);
    return 3;
  }
  const sandbox = await startSandbox({ ...ports, auth, stateDir: sandboxDir, log, accessLog: true });
  log(
    `sandbox running (pid ${process.pid}): proxy ${sandbox.proxyUrl}, Admin API ${sandbox.adminUrl}` +
      `${sandbox.auth ? ` (token in ${sandboxDir}/token)` : ' (no auth)'}`,
  );
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => resolve(name));
  });
  log(`${signal}: stopping`);
  await sandbox.stop();
  return 0;
}

function parsePorts(values: {
  port?: string;
  'proxy-port'?: string;
  'admin-port'?: string;
}): { proxyPort?: number; adminPort?: number } | string {
  const read = (flag: string, text: string | undefined): number | string | undefined => {
    if (text === undefined) return undefined;
    const port = Number(text);
    return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : `--${flag} needs a port from 0 to 65535`;
  };
  const base = read('port', values.port);
  const proxy = read('proxy-port', values['proxy-port']);
  const admin = read('admin-port', values['admin-port']);
  for (const value of [base, proxy, admin]) if (typeof value === 'string') return value;
  const baseProxy = typeof base === 'number' ? base : undefined;
  const baseAdmin = baseProxy === undefined ? undefined : baseProxy === 0 ? 0 : baseProxy + 1;
  return {
    proxyPort: typeof proxy === 'number' ? proxy : baseProxy,
    adminPort: typeof admin === 'number' ? admin : baseAdmin,
  };
}

function usageError(message: string): number {
  process.stderr.write(`kong-sandbox: ${message}\n\n${USAGE}\n`);
  return 1;
}
