import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { statePaths } from '../state/index.js';
import { OutputCollector } from './output.js';
import { exitCodeForSignal } from './model.js';
import {
  groupHasMembers,
  KILL_GRACE_MS,
  LEADER_GRACE_MS,
  newRunMarker,
  RUN_MARKER_ENV,
  signalGroup,
  signalGroupExceptLeader,
  terminateGroup,
  trackGroup,
  untrackGroup,
  type ProcessGroup,
} from './process-group.js';
import {
  COMMAND_ENV,
  commandLine,
  PENDING_ENV,
  SCRIPT_FILE,
  sessionScript,
  STATE_END_MARKER,
} from './session-script.js';
import type { CommandOptions, CommandResult, ShellSession, ShellSessionOptions } from './types.js';

/**
 * How long output may still arrive after bash exits. A command that leaves a background job
 * running (`server &`) passes its stdout on to it; the command is over when bash is, so we stop
 * waiting for the pipes after this and discard what the job prints later.
 */
const OUTPUT_SETTLE_MS = 100;

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Starts a shell session: one bash per command, with the session carried between them.
 *
 * Why not one long-lived bash fed commands on stdin? Because a timeout or a cancel must kill
 * the command and everything it started, and nothing else. With each command in its own bash,
 * in its own process group, that is one `kill(-pgid)`, reliable even for `sleep 60 &` pipelines,
 * and the session can never be left half-way through a command or waiting on a prompt. The cost
 * is a few milliseconds per command to restore the state: nothing next to what commands do.
 */
export function createShellSession(options: ShellSessionOptions): ShellSession {
  return new BashSession(options);
}

class BashSession implements ShellSession {
  readonly #stateDir = createStateDir();
  readonly #commandLine: string;
  readonly #baseEnv: Record<string, string>;
  readonly #variables = new Map<string, string>();
  /** Variables set since the last saved state, with a counter to spot a set during a run. */
  readonly #pending = new Map<string, number>();
  readonly #running = new Set<(reason: 'cancel') => void>();
  /** Groups whose bash has exited but whose background jobs may still run. */
  readonly #lingering = new Set<ProcessGroup>();
  #queue: Promise<unknown> = Promise.resolve();
  #cwd: string;
  #setCount = 0;
  #closed = false;

  constructor(options: ShellSessionOptions) {
    this.#cwd = options.cwd;
    writeFileSync(join(this.#stateDir, SCRIPT_FILE), sessionScript(this.#stateDir, options.cwd), { mode: 0o600 });
    this.#commandLine = commandLine(this.#stateDir);
    this.#baseEnv = { ...definedOnly(process.env), ...options.env };
    // The runner's own folders mean nothing to the lesson's shell.
    delete this.#baseEnv.OLDPWD;
    delete this.#baseEnv.PWD;
  }

  get cwd(): string {
    return this.#cwd;
  }

  setVariable(name: string, value: string): void {
    if (!SHELL_NAME.test(name)) throw new Error(`not a shell variable name: ${JSON.stringify(name)}`);
    this.#variables.set(name, value);
    this.#pending.set(name, ++this.#setCount);
  }

  run(command: string, options: CommandOptions): Promise<CommandResult> {
    if (this.#closed) return Promise.reject(new Error('the shell session is closed'));
    // Commands of one session run one after another, like in a terminal.
    const result = this.#queue.then(() => this.#runNow(command, options));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#running) stop('cancel');
    await this.#queue; // later queued commands see #closed and do not start
    await Promise.all([...this.#lingering].map((group) => terminateGroup(group)));
    for (const group of this.#lingering) untrackGroup(group);
    this.#lingering.clear();
    await rm(this.#stateDir, { recursive: true, force: true });
  }

  async #runNow(command: string, options: CommandOptions): Promise<CommandResult> {
    const started = performance.now();
    if (this.#closed || options.signal?.aborted) return notStarted(started);
    const pending = new Map(this.#pending);
    await rm(join(this.#stateDir, 'state.next'), { force: true });
    if (this.#closed || options.signal?.aborted) return notStarted(started);

    const marker = newRunMarker();
    const child = execa('bash', ['--noprofile', '--norc', '-c', this.#commandLine, 'bash'], {
      cwd: this.#stateDir,
      env: {
        ...this.#baseEnv,
        ...Object.fromEntries(this.#variables),
        [COMMAND_ENV]: command,
        [PENDING_ENV]: [...pending.keys()].join(' '),
        [RUN_MARKER_ENV]: marker,
      },
      extendEnv: false,
      detached: true,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      cleanup: false,
    });
    void child.catch(() => undefined); // outcomes are read from the process events below
    const group = child.pid === undefined ? undefined : trackGroup(child.pid, marker);

    const stdout = new OutputCollector(options.onLine && ((line) => options.onLine!('stdout', line)));
    const stderr = new OutputCollector(options.onLine && ((line) => options.onLine!('stderr', line)));
    let collecting = true;
    child.stdout?.on('data', (chunk: Buffer) => collecting && stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => collecting && stderr.write(chunk));
    const streamsClosed = Promise.all([closed(child.stdout), closed(child.stderr)]);

    let stopReason: 'timeout' | 'cancel' | undefined;
    const stop = (reason: 'timeout' | 'cancel') => {
      if (stopReason || !group) return;
      stopReason = reason;
      signalGroup(group, 'SIGTERM');
      // Children that ignore SIGTERM go first; bash gets longer, to save what the command exported before it
      // exits (its EXIT trap). Neither timer is cleared when bash exits: they also take care of leftovers.
      setTimeout(() => signalGroupExceptLeader(group, 'SIGKILL'), KILL_GRACE_MS);
      setTimeout(() => signalGroup(group, 'SIGKILL'), LEADER_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // An abort during the awaits above (before the listener existed) fires no event: act on it now.
    if (options.signal?.aborted) onAbort();

    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ code: 127, signal: null, error }));
    });
    this.#running.add(stop);

    const ended = await exit;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.race([streamsClosed, sleep(OUTPUT_SETTLE_MS)]);
    collecting = false;
    this.#running.delete(stop);
    if (group) this.#trackLeftovers(group, streamsClosed);
    await this.#promoteState(pending);

    const stderrText = ended.error
      ? `${stderr.end()}kong-workshop: could not start bash: ${ended.error.message}\n`
      : stderr.end();
    return {
      exitCode: ended.code ?? exitCodeForSignal(ended.signal ?? ''),
      ...(ended.signal ? { signal: ended.signal } : {}),
      durationMs: performance.now() - started,
      timedOut: stopReason === 'timeout',
      cancelled: stopReason === 'cancel',
      stdout: stdout.end(),
      stderr: stderrText,
    };
  }

  /** Background jobs keep the group alive after bash exits; close() stops them. */
  #trackLeftovers(group: ProcessGroup, streamsClosed: Promise<unknown>): void {
    if (!groupHasMembers(group)) {
      untrackGroup(group);
      return;
    }
    this.#lingering.add(group);
    void streamsClosed.then(() => {
      if (groupHasMembers(group)) return;
      this.#lingering.delete(group);
      untrackGroup(group);
    });
  }

  /** Takes the state bash saved on exit, if it got to write all of it. */
  async #promoteState(pending: ReadonlyMap<string, number>): Promise<void> {
    const next = join(this.#stateDir, 'state.next');
    const text = await readFile(next, 'utf8').catch(() => undefined);
    const marker = text?.lastIndexOf(STATE_END_MARKER) ?? -1;
    if (text === undefined || marker === -1) return; // killed before or while saving: keep the last state
    if (this.#closed) return;
    await rename(next, join(this.#stateDir, 'state'));
    this.#cwd = text.slice(marker + STATE_END_MARKER.length);
    for (const [name, count] of pending) if (this.#pending.get(name) === count) this.#pending.delete(name);
  }
}

function notStarted(started: number): CommandResult {
  return {
    exitCode: 130,
    durationMs: performance.now() - started,
    timedOut: false,
    cancelled: true,
    stdout: '',
    stderr: '',
  };
}

function closed(stream: NodeJS.ReadableStream | null | undefined): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * A folder for one session's exported state (it can hold secrets a command exported): in the
 * user's own state folder, mode 0700, never the shared system temp folder. Folders left by killed
 * runs (their pid gone) are swept first, so nothing lingers.
 */
function createStateDir(): string {
  const parent = join(statePaths().stateDir, 'shells');
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(parent)) {
    const pid = Number(/^kw-shell-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(parent, `kw-shell-${process.pid}-`));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
