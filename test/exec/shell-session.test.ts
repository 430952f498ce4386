import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShellSession, type CommandOptions, type OutputStream, type ShellSession } from '../../src/exec/index.js';
import { isAlive } from '../helpers/process.js';
import { LEADER_GRACE_MS } from '../../src/exec/process-group.js';

let workdir: string;
let session: ShellSession;

beforeEach(() => {
  workdir = mkdtempSync(join(tmpdir(), 'kw-exec-test-'));
  session = createShellSession({ cwd: workdir, env: { LESSON_GREETING: 'hello' } });
});

afterEach(async () => {
  await session.close();
  rmSync(workdir, { recursive: true, force: true });
});

const run = (command: string, options: Partial<CommandOptions> = {}) =>
  session.run(command, { timeoutMs: 10_000, ...options });

const readPid = (name: string) => Number(readFileSync(join(workdir, name), 'utf8').trim());

describe('one terminal session across commands', () => {
  it('keeps exports, shell variables, functions, aliases and the folder', async () => {
    await run(
      'export REGION=eu; LESSON_SHADE=blue; greet() { echo "hi $1"; }; alias ll="echo listing"; ' +
        'mkdir -p sub/dir; cd sub/dir',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    const childEcho = 'echo "child sees ${REGION:-nothing} ${LESSON_SHADE:-nothing}"';
    const result = await run(`echo "$REGION $LESSON_SHADE"; greet alex; ll; pwd; bash -c '${childEcho}'`);
    expect(result.stdout).toBe(`eu blue\nhi alex\nlisting\n${join(workdir, 'sub/dir')}\nchild sees eu nothing\n`);
    expect(session.cwd).toBe(join(workdir, 'sub/dir'));
  });

  it('starts in the given folder with the given environment', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    const result = await run('pwd; echo "$LESSON_GREETING"; echo "${OLDPWD:-no oldpwd}"');
    expect(result.stdout).toBe(`${workdir}\nhello\nno oldpwd\n`);
    expect(session.cwd).toBe(workdir);
  });

  it('keeps arrays, values with newlines and quotes, unset and cd -', async () => {
    await run(
      `list=(one "two words"); declare -A map=([k]=v); text=$'line 1\\nit\\'s "quoted"'; unset LESSON_GREETING; cd ` +
        `/; cd "${workdir}"`,
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    const result = await run('echo "${list[1]}|${map[k]}|$text|${LESSON_GREETING:-gone}"; cd - >/dev/null; pwd');
    expect(result.stdout).toBe(`two words|v|line 1\nit's "quoted"|gone\n/\n`);
  });

  it('saves the session even when the command exits early or fails', async () => {
    const exited = await run('export AFTER_EXIT=yes; cd /; exit 3');
    expect(exited.exitCode).toBe(3);
    const failed = await run('set -e; export AFTER_FAIL=yes; false; echo unreachable');
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe('');
    const result = await run('echo "$AFTER_EXIT $AFTER_FAIL"; pwd; false || echo "set -e did not stick"');
    expect(result.stdout).toBe('yes yes\n/\nset -e did not stick\n');
  });

  it('runs commands one after another, even when started together', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    const [first, second] = await Promise.all([run('sleep 0.2; export ORDER=first'), run('echo "${ORDER:-none}"')]);
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toBe('first\n');
  });

  it('says where an error is in the command, by its own line numbers', async () => {
    const result = await run('echo ok\nno-such-command-here');
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe('bash: line 2: no-such-command-here: command not found\n');
  });

  it('falls back to the start folder when the current one is removed', async () => {
    await run('mkdir gone && cd gone');
    rmSync(join(workdir, 'gone'), { recursive: true });
    const result = await run('pwd');
    expect(result.stdout).toBe(`${workdir}\n`);
    expect(result.stderr).toContain('is gone');
  });
});

describe('setVariable', () => {
  it('exports a variable to later commands and their children', async () => {
    session.setVariable('KONNECT_TOKEN', 'kpat_secret');
    const result = await run('bash -c \'echo "child: $KONNECT_TOKEN"\'');
    expect(result.stdout).toBe('child: kpat_secret\n');
  });

  it('wins over an earlier change made in the shell, and later changes win over it', async () => {
    session.setVariable('CONSUMER', 'alex');
    await run('export CONSUMER=sam');
    expect((await run('echo $CONSUMER')).stdout).toBe('sam\n');
    session.setVariable('CONSUMER', 'kim');
    expect((await run('echo $CONSUMER')).stdout).toBe('kim\n');
  });

  it('never writes an unchanged value to the session state on disk', async () => {
    session.setVariable('SANDBOX_TOKEN', 'kpat_do_not_store');
    const stateDir = (await run('export VISIBLE=1; echo "$__kw_dir"')).stdout.trim();
    const state = readFileSync(join(stateDir, 'state'), 'utf8');
    expect(state).toContain('VISIBLE');
    expect(state).not.toContain('kpat_do_not_store');
  });

  it('refuses names a shell cannot use', () => {
    expect(() => session.setVariable('NOT-A-NAME', 'x')).toThrow(/not a shell variable name/);
  });
});

describe('output', () => {
  it('streams lines in order per stream and flushes a last line without newline', async () => {
    const lines: [OutputStream, string][] = [];
    const result = await run(
      'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; sleep 0.02; done; printf "tail"; printf "err-tail" >&2',
      {
        onLine: (stream, line) => lines.push([stream, line]),
      },
    );
    const of = (stream: OutputStream) => lines.filter(([s]) => s === stream).map(([, line]) => line);
    expect(of('stdout')).toEqual(['out 1', 'out 2', 'out 3', 'tail']);
    expect(of('stderr')).toEqual(['err 1', 'err 2', 'err 3', 'err-tail']);
    expect(result.stdout).toBe('out 1\nout 2\nout 3\ntail');
    expect(result.stderr).toBe('err 1\nerr 2\nerr 3\nerr-tail');
  });

  it('delivers lines while the command still runs', async () => {
    let seenBeforeEnd = false;
    let finished = false;
    await run('echo first; sleep 0.3; echo second', {
      onLine: (_stream, line) => {
        if (line === 'first') seenBeforeEnd = !finished;
      },
    });
    finished = true;
    expect(seenBeforeEnd).toBe(true);
  });

  it('keeps the last 1 MiB of a stream', async () => {
    const result = await run("head -c 1500000 /dev/zero | tr '\\0' a; echo; echo END");
    expect(result.stdout.length).toBe(1024 * 1024);
    expect(result.stdout.endsWith('a\nEND\n')).toBe(true);
  });

  it('reports exit codes and durations', async () => {
    for (const code of [0, 1, 42]) {
      const result = await run(`exit ${code}`);
      expect(result).toMatchObject({ exitCode: code, timedOut: false, cancelled: false });
      expect(result.durationMs).toBeGreaterThan(0);
    }
  });
});

describe('timeouts and cancellation', () => {
  it('kills the command, its children and grandchildren on timeout', async () => {
    const command = [
      'sleep 60 & echo $! > child.pid',
      '(sleep 60 & echo $! > grandchild.pid; wait) &',
      'sleep 60 | cat &',
      'until [ -s grandchild.pid ]; do sleep 0.01; done',
      'echo started; sleep 60',
    ].join('\n');
    const result = await run(command, { timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.exitCode).toBe(143);
    expect(result.stdout).toBe('started\n');
    await vi.waitFor(() => {
      expect(isAlive(readPid('child.pid'))).toBe(false);
      expect(isAlive(readPid('grandchild.pid'))).toBe(false);
    });
  });

  it('kills commands that ignore SIGTERM', async () => {
    const asked = performance.now();
    const result = await run('trap "" TERM; sleep 60 & echo $! > stubborn.pid; wait', { timeoutMs: 600 });
    // The child goes after the short grace; bash, no longer waiting, ends on its own (wait's status is 0).
    expect(result).toMatchObject({ timedOut: true, exitCode: 0 });
    expect(performance.now() - asked).toBeLessThan(600 + LEADER_GRACE_MS);
    await vi.waitFor(() => expect(isAlive(readPid('stubborn.pid'))).toBe(false));
  });

  it('kills a shell that ignores SIGTERM itself, after the longer grace its state saving gets', async () => {
    const result = await run('trap "" TERM; while :; do :; done', { timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, exitCode: 137, signal: 'SIGKILL' });
    expect(result.durationMs).toBeGreaterThanOrEqual(300 + LEADER_GRACE_MS - 50);
  });

  it('keeps what a timed-out command exported before it hung', async () => {
    // Long enough for bash to reach the export on a loaded machine; the point is what happens after it.
    await run('export BEFORE_HANG=kept; sleep 60', { timeoutMs: 2000 });
    expect((await run('echo $BEFORE_HANG')).stdout).toBe('kept\n');
  });

  it('cancels within a second', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await run('sleep 30 & echo $! > cancelled.pid; echo started; wait', {
      signal: controller.signal,
      onLine: (_stream, line) => {
        if (line !== 'started') return;
        abortedAt = performance.now();
        controller.abort();
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(result).toMatchObject({ cancelled: true, timedOut: false });
    expect(result.exitCode).toBeTypeOf('number');
    await vi.waitFor(() => expect(isAlive(readPid('cancelled.pid'))).toBe(false));
  });

  it('stops a command aborted while the session prepares it (before bash is spawned)', async () => {
    const controller = new AbortController();
    const asked = performance.now();
    const pending = run('touch ran; sleep 30', { signal: controller.signal });
    // After the session's first await (it clears the previous state file), before bash is spawned.
    setImmediate(() => controller.abort());
    const result = await pending;
    expect(performance.now() - asked).toBeLessThan(1000);
    expect(result.cancelled).toBe(true);
    expect(existsSync(join(workdir, 'ran'))).toBe(false);
  });

  it('does not start a command whose signal is already aborted', async () => {
    const result = await run('touch ran', { signal: AbortSignal.abort() });
    expect(result.cancelled).toBe(true);
    expect(existsSync(join(workdir, 'ran'))).toBe(false);
  });
});

describe('descendants that leave the process group', () => {
  it('cancelling stops a setsid grandchild too, within a second', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await run('setsid sleep 30 & echo $! > escaped.pid; echo started; wait', {
      signal: controller.signal,
      onLine: (_stream, line) => {
        if (line !== 'started') return;
        abortedAt = performance.now();
        controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    await vi.waitFor(() => expect(isAlive(readPid('escaped.pid'))).toBe(false), { timeout: 1000 });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
  });

  it('close() stops a double-forked daemon that a command left behind', async () => {
    await run("( setsid sh -c 'echo $$ > daemon.pid; exec sleep 30' > /dev/null 2>&1 & ) ; echo left");
    await vi.waitFor(() => expect(existsSync(join(workdir, 'daemon.pid'))).toBe(true));
    const pid = readPid('daemon.pid');
    expect(isAlive(pid)).toBe(true);
    await session.close();
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 1000 });
  });

  it('keeps exported state in the user state folder, mode 0700, never the system temp folder', async () => {
    const stateDir = (await run('echo "$__kw_dir"')).stdout.trim();
    expect(stateDir.startsWith(process.env.KONG_WORKSHOP_HOME ?? '\0')).toBe(true);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  });
});

describe('background jobs and close', () => {
  it('returns when the command ends, even if a background job keeps its output open', async () => {
    const result = await run('sleep 30 & echo $! > server.pid; echo ready');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ready\n', timedOut: false });
    expect(isAlive(readPid('server.pid'))).toBe(true);
    await session.close();
    await vi.waitFor(() => expect(isAlive(readPid('server.pid'))).toBe(false));
  });

  it('close() stops a running command and removes the session state', async () => {
    const stateDir = (await run('echo "$__kw_dir"')).stdout.trim();
    expect(existsSync(stateDir)).toBe(true);
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const running = run('echo go; sleep 30', { onLine: () => started() });
    await isStarted;
    await session.close();
    expect((await running).cancelled).toBe(true);
    expect(existsSync(stateDir)).toBe(false);
    await expect(run('true')).rejects.toThrow(/closed/);
  });
});
