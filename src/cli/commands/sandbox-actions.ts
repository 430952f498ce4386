// The long-running sandbox commands: the gateway in this terminal (`start --foreground`, which is
// also what the background daemon runs) and `logs`. The short ones are in sandbox-client.ts.
import { existsSync, statSync, createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { findRunningSandbox, logFilePath } from '@kong-workshop/sandbox';
import { startWorkshopSandbox } from '../../sandbox-host/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { startPorts, type StartOptions } from './sandbox-client.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** `sandbox start --foreground`: the gateway in this process until a signal. */
export async function foregroundCommand(flags: StartOptions): Promise<number> {
  const options = startPorts(flags);
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
    `sandbox running (pid ${process.pid}): proxy ${sandbox.proxyUrl}, ` +
      `Admin API ${sandbox.adminUrl}${sandbox.auth ? ' (token required)' : ' (no auth)'}, echo ${sandbox.echoUrl}`,
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
