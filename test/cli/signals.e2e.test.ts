import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgress } from '../../src/progress/index.js';
import { lessonWorkdir } from '../../src/state/index.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { isAlive } from '../helpers/process.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

const lesson = 'fixtures/lessons/signals/long-running.md';

/** The pids the lesson's command wrote, once it says it started them. */
async function childrenOf(workdir: string, child: { stdout: NodeJS.ReadableStream | null }): Promise<number[]> {
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
  });
  for (let waited = 0; waited < 20_000 && !seen.includes('│ children: 2 running'); waited += 50) await sleep(50);
  return readFileSync(join(workdir, 'children.pid'), 'utf8').trim().split('\n').map(Number);
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
  ] as const)('%s stops every descendant within 1 s, saves progress and exits %i', async (signal, code) => {
    const workdir = lessonWorkdir('signals-long-running', 'gateway');
    const args = ['run', lesson, '--target', 'gateway', '--var', `PROXY=${server.url}`, '--var', `ADMIN=${server.url}`];
    const child = execa('node', [cliPath, ...args, '--trust'], {
      cwd: repoRoot,
      env: { NO_COLOR: '1' },
      reject: false,
      stdin: 'ignore',
    });
    const pids = await childrenOf(workdir, child);
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
