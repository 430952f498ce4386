import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgress } from '../../src/progress/index.js';
import { lessonWorkdir, statePaths } from '../../src/state/index.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { isAlive } from '../helpers/process.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

const lesson = 'fixtures/lessons/signals/long-running.md';

/** The pids the lesson's command wrote, once it wrote both (the CLI may not stream its report). */
async function childrenOf(workdir: string): Promise<number[]> {
  const read = () => {
    try {
      return readFileSync(join(workdir, 'children.pid'), 'utf8').trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  for (let waited = 0; waited < 20_000 && read().length < 2; waited += 50) await sleep(50);
  return read();
}

describe('a run stopped by a signal', () => {
  let server: KongLikeServer;
  beforeAll(async () => {
    server = await startKongLikeServer();
  });
  afterAll(() => server.close());

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s stops every descendant within 1 s, saves progress and exits %i', async (signal, code) => {
    const workdir = lessonWorkdir('signals-long-running', 'gateway');
    rmSync(workdir, { recursive: true, force: true }); // the pids of the case before
    const args = ['run', lesson, '--target', 'gateway', '--var', `PROXY=${server.url}`, '--var', `ADMIN=${server.url}`];
    const child = execa('node', [cliPath, ...args, '--trust'], {
      cwd: repoRoot,
      env: { NO_COLOR: '1' },
      reject: false,
      stdin: 'ignore',
    });
    const pids = await childrenOf(workdir);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);

    const killedAt = performance.now();
    child.kill(signal);
    while (pids.some(isAlive) && performance.now() - killedAt < 5000) await sleep(20);
    const stoppedWithin = performance.now() - killedAt;
    expect(pids.filter(isAlive)).toEqual([]);
    expect(stoppedWithin).toBeLessThan(1000);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(result.stderr).not.toMatch(/^\s+at /m);

    const saved = loadProgress('signals-long-running', 'gateway');
    expect(saved.status).toBe('ok');
    if (saved.status === 'ok') expect(JSON.stringify(saved.progress)).toContain('passed');
  });
});

describe('a hung-up terminal', () => {
  it('SIGHUP with standard output already closed still stops everything, saves progress and exits 129', async () => {
    const server = await startKongLikeServer();
    try {
      const workdir = lessonWorkdir('signals-long-running', 'gateway');
      rmSync(workdir, { recursive: true, force: true });
      rmSync(join(statePaths().progressDir, 'signals-long-running@gateway.json'), { force: true });
      const target = ['--target', 'gateway', '--var', `PROXY=${server.url}`, '--var', `ADMIN=${server.url}`];
      const child = execa('node', [cliPath, 'run', lesson, ...target, '--trust'], {
        cwd: repoRoot,
        env: { NO_COLOR: '1' },
        reject: false,
        stdin: 'ignore',
      });
      const pids = await childrenOf(workdir);
      // The terminal is gone: every later write to stdout fails (EPIPE here, EIO on a real tty).
      child.stdout?.destroy();
      child.kill('SIGHUP');
      const result = await child;
      expect(result.exitCode).toBe(129);
      expect(pids.filter(isAlive)).toEqual([]);
      const saved = loadProgress('signals-long-running', 'gateway');
      expect(saved.status).toBe('ok');
    } finally {
      await server.close();
    }
  });
});

describe('any other command stopped by a signal', () => {
  it('verify, killed with SIGTERM, ends 143 and leaves no descendant within 1 s', async () => {
    const server = await startKongLikeServer();
    try {
      const workdir = mkdtempSync(join(tmpdir(), 'kw-signals-'));
      const target = ['--target', 'gateway', '--var', `PROXY=${server.url}`, '--var', `ADMIN=${server.url}`];
      const child = execa('node', [cliPath, 'verify', lesson, ...target, '--trust', '--workdir', workdir], {
        cwd: repoRoot,
        env: { NO_COLOR: '1' },
        reject: false,
        stdin: 'ignore',
      });
      const pids = await childrenOf(workdir);
      const killedAt = performance.now();
      child.kill('SIGTERM');
      while (pids.some(isAlive) && performance.now() - killedAt < 5000) await sleep(20);
      expect(performance.now() - killedAt).toBeLessThan(1000);
      expect((await child).exitCode).toBe(143);
    } finally {
      await server.close();
    }
  });
});

describe('a closed standard output', () => {
  // A running sandbox: its status is several lines and exit 0 (not running is one line and 3).
  beforeAll(async () => {
    const started = await runCli(['sandbox', 'start', '--proxy-port', '0', '--admin-port', '0', '--kube-port', '0']);
    expect(started.code).toBe(0);
  });
  afterAll(() => runCli(['sandbox', 'stop']));

  it.each(['sandbox status | head -1', 'sandbox status | (exec 0<&-; true)', '--help | (exec 0<&-; true)'])(
    '`kong-workshop %s` ends quietly with 0',
    async (pipeline) => {
      const [command, reader] = pipeline.split(' | ');
      const script = `node ${JSON.stringify(cliPath)} ${command} | ${reader}; echo "writer=\${PIPESTATUS[0]}" >&2`;
      const result = await execa('bash', ['-c', script], { cwd: repoRoot, reject: false, env: { NO_COLOR: '1' } });
      expect(result.stderr).toContain('writer=0');
      expect(result.stderr).not.toContain('EPIPE');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    },
  );
});
