import { networkInterfaces } from 'node:os';
import {
  ClassError,
  loadClassConfig,
  openClass,
  readServerFile,
  removeServerFile,
  writeServerFile,
} from './class-store.js';
import { readLog } from './event-log.js';
import { formatExport, type ExportFormat } from './export.js';
import { ClassModel, type ClassView } from './model.js';
import { classPaths } from './paths.js';
import { startClassServer, type ClassServer } from './server.js';

const DEFAULT_LISTEN = '127.0.0.1:4100';

export interface Listen {
  readonly host: string;
  readonly port: number;
  readonly loopback: boolean;
}

/** `--listen HOST:PORT`, `[::]:PORT` or `:PORT`; a bad value is a usage error with the form to use. */
function parseListen(value: string): Listen {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 0 && port <= 65535))
    throw new ClassError(
      `--listen ${value} is not HOST:PORT`,
      'for example --listen 0.0.0.0:4100 (every interface) or --listen 127.0.0.1:4100',
    );
  const host = match[1] ?? (match[2] || '127.0.0.1');
  return { host, port, loopback: isLoopback(host) };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The address learners type: for a wildcard listen, this machine's first address on the network. */
function reachableHost(server: ClassServer): string {
  if (server.host !== '0.0.0.0' && server.host !== '::')
    return server.host.includes(':') ? `[${server.host}]` : server.host;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

export interface RunningClass {
  readonly server: ClassServer;
  /** What `class start` prints: how to join, the page, and (with --listen) what is exposed. */
  readonly lines: readonly string[];
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * `class start`: opens (or resumes) the class, listens, records where, and prints the join
 * line. Stops on `class stop`, SIGINT or SIGTERM; a kill -9 leaves the log whole for a restart.
 */
export async function startClass(options: {
  name?: string;
  listen?: string;
  stuckMinutes?: number;
  fresh?: boolean;
}): Promise<RunningClass> {
  const listen = options.listen ? parseListen(options.listen) : parseListen(DEFAULT_LISTEN);
  const { config, resumed } = openClass(options);
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const start = (port: number) =>
    startClassServer({
      config,
      logPath: classPaths().log,
      host: listen.host,
      port,
      onStopRequest: () => stopRequested(),
    });
  let server: ClassServer;
  try {
    server = await start(listen.port);
  } catch (error) {
    // The default port may be taken (another class, another tool): any free port will do then.
    if (!options.listen && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') server = await start(0);
    else
      throw new ClassError(
        `the class server cannot listen on ${listen.host}:${listen.port}: ${(error as Error).message}`,
        'choose another address with --listen HOST:PORT',
      );
  }
  writeServerFile({ pid: process.pid, url: server.url });
  const host = reachableHost(server);
  const base = `http://${host}:${server.port}`;
  const lines = [
    `${resumed ? 'Resumed' : 'Started'} the class “${config.name}”${
      resumed
        ? ` (${server.model.learners.size} ` + `learners, ${server.replayed} records from ${classPaths().log})`
        : ''
    }.`,
    '',
    'Learners join with:',
    `  kong-workshop join ${base}#${config.joinCode}`,
    `  (read aloud: kong-workshop join ${host}:${server.port}, then the code ${config.joinCode.replaceAll('-', ' ')})`,
    '',
    `The projector page: ${base}/#instructor=${config.instructorToken}`,
    'Your terminal view: kong-workshop class        Stop: kong-workshop class stop (or Ctrl-C here)',
  ];
  if (server.skippedRecords > 0)
    lines.push('', `warning: ${server.skippedRecords} unreadable records in the class log were skipped`);
  if (!listen.loopback) {
    lines.push(
      '',
      `warning: the class server listens on ${listen.host}:${server.port}, not only on this machine. Anyone on this ` +
        `network who has`,
      '  the join code can join and send progress; anyone with the projector link sees every learner. The traffic is ' +
        'plain',
      '  HTTP, not encrypted: use it on a network you trust, and stop the class when it is over.',
    );
  }
  let closing: Promise<void> | undefined;
  const stop = () =>
    (closing ??= (async () => {
      await server.close();
      removeServerFile(process.pid);
      stopRequested();
    })());
  return { server, lines, stopped, stop };
}

export interface InstructorConnection {
  readonly url: string;
  readonly token: string;
}

/** The running class on this machine, from its state directory. */
export function instructorConnection(): InstructorConnection {
  const config = loadClassConfig();
  if (!config)
    throw new ClassError('there is no class in this state directory', 'start one with `kong-workshop class start`');
  const server = readServerFile();
  if (!server)
    throw new ClassError(
      'the class server is not running',
      'start it with `kong-workshop class start` (the class resumes where it was)',
    );
  return { url: server.url, token: config.instructorToken };
}

export async function instructorRequest(
  connection: InstructorConnection,
  path: string,
  body?: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${connection.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new ClassError(
      `the class server at ${connection.url} does not answer: ${(error as Error).message}`,
      'is `kong-workshop class start` still running?',
    );
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message =
      typeof answer === 'object' && answer !== null && 'error' in answer
        ? String(answer.error)
        : `HTTP ${response.status}`;
    throw new ClassError(
      `the class server refused: ${message}`,
      'check that this is the state directory of the class you started',
    );
  }
  return answer;
}

/** `class stop`: asks the server to stop; a server that is gone leaves only its file to tidy. */
export async function stopClass(): Promise<string> {
  const connection = instructorConnection();
  await instructorRequest(connection, '/api/stop', {});
  return (
    `Stopped the class server at ${connection.url}. The class is kept: \`kong-workshop class start\` resumes ` +
    `it, \`kong-workshop class export\` exports it.`
  );
}

/** `class export`: straight from the log on disk, so it works with the server stopped too. */
export function exportClass(format: ExportFormat): string {
  const config = loadClassConfig();
  if (!config)
    throw new ClassError('there is no class in this state directory', 'start one with `kong-workshop class start`');
  const model = new ClassModel({ name: config.name, stuckMinutes: config.stuckMinutes });
  for (const record of readLog(classPaths().log).records) model.apply(record);
  return formatExport(model, format, Date.now());
}

/**
 * Follows the class's view over server-sent events, reconnecting after a restart. Calls back
 * with every view, and with `undefined` while the server cannot be reached.
 */
export function followClass(
  connection: InstructorConnection,
  onView: (view: ClassView | undefined) => void,
): () => void {
  const controller = new AbortController();
  void (async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`${connection.url}/api/stream`, {
          headers: { authorization: `Bearer ${connection.token}` },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const data = buffer
              .slice(0, end)
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            buffer = buffer.slice(end + 2);
            const view = data ? parseView(data) : undefined;
            if (view) onView(view);
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Reconnect below; an abort ends the loop.
      }
      if (controller.signal.aborted) break;
      onView(undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return () => controller.abort();
}

/** The server is ours and wrote this JSON, but it still crosses a socket: check the shape we draw from. */
function parseView(data: string): ClassView | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isClassView(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isClassView(value: unknown): value is ClassView {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'learners' in value &&
    Array.isArray(value.learners) &&
    'columns' in value &&
    Array.isArray(value.columns) &&
    'histogram' in value &&
    Array.isArray(value.histogram) &&
    'totals' in value
  );
}
