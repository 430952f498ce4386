import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statePaths } from '../../src/state/index.js';
import { runCli } from '../helpers/cli.js';
import { isAlive } from '../helpers/process.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

const lesson = (name: string) => `fixtures/lessons/run/${name}.md`;
const gatewayAt = (url: string) => ['--target', 'gateway', '--var', `PROXY=${url}`, '--var', `ADMIN=${url}`, '--trust'];

describe('kong-workshop run and check against a Kong-like server', () => {
  let server: KongLikeServer;
  let skewed: KongLikeServer;
  beforeAll(async () => {
    server = await startKongLikeServer();
    skewed = await startKongLikeServer({ skewRequest: 3 });
  });
  afterAll(async () => {
    await server.close();
    await skewed.close();
  });

  it('passes a 6-request rate-limit sequence against a server that behaves', async () => {
    server.reset();
    const result = await runCli(['run', lesson('rate-limit'), ...gatewayAt(server.url)]);
    expect(result.stdout).toContain('✓ the sixth request is limited');
    expect(result.stdout).toContain('200×5, 429');
    expect(result.stdout).toContain('PASSED');
    expect(result.code).toBe(0);
  });

  it('fails with a per-request diff when one header value is off (exit 4)', async () => {
    const result = await runCli(['run', lesson('rate-limit'), ...gatewayAt(skewed.url)]);
    expect(result.stdout).toContain('✗ the sixth request is limited');
    expect(result.stdout).toContain('response 3 · header X-RateLimit-Remaining-Minute: expected 2, actual 3');
    expect(result.stdout).toContain('hint: Each consumer has its own counter');
    expect(result.code).toBe(4);
  });

  it('check runs only the checks, and reports JSON on request', async () => {
    server.reset();
    const result = await runCli(['check', lesson('rate-limit'), ...gatewayAt(server.url), '--format', 'json']);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ mode: 'check', status: 'passed', summary: { checks: { passed: 2, failed: 0 } } });
    expect(result.code).toBe(0);
  });

  it('carries exports, variables and the folder from one step to the next', async () => {
    const result = await runCli(['run', lesson('shell-session'), ...gatewayAt(server.url)]);
    expect(result.stdout).toContain('→ WHERE = hello from place');
    expect(result.stdout).toContain('✓ the variable and the folder carried over');
    expect(result.code).toBe(0);
  });

  it('kills a command that runs past its timeout, with its children, and says so (exit 3)', async () => {
    const result = await runCli(['run', lesson('timeout'), ...gatewayAt(server.url)]);
    expect(result.stdout).toContain('the command ran longer than 2.0s and was stopped');
    expect(result.stdout).toContain('[2/2] Never reached skipped');
    expect(result.code).toBe(3);
    const pidFile = join(statePaths().stateDir, 'work', 'run-timeout', 'gateway', 'child.pid');
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(pid)).toBe(false);
  });

  it('exits 3 with a hint, not a stack trace, when the target is down', async () => {
    const result = await runCli(['check', lesson('rate-limit'), ...gatewayAt('http://127.0.0.1:9')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /error: cannot reach Kong's Admin API at http:\/\/127\.0\.0\.1:9 \(connection refused\)/,
    );
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 3 with the fault classified when a check cannot connect', async () => {
    const result = await runCli(['check', lesson('unreachable'), ...gatewayAt(server.url)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/connection refused/i);
    expect(result.stdout).toContain('hint:');
  });

  it('refuses to run commands from a lesson that does not ship with the tool unless trusted', async () => {
    const args = gatewayAt(server.url).filter((arg) => arg !== '--trust');
    const result = await runCli(['run', lesson('shell-session'), ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to run commands');
    expect(result.stderr).toContain('--trust');
  });

  it.each(['text', 'json', 'junit', 'tap', 'html'])(
    'never shows a secret canary in the %s report',
    async (reporter) => {
      const canary = 'canary-7f3a9c1e5d';
      const result = await runCli([
        'run',
        lesson('secrets'),
        ...gatewayAt(server.url),
        '--secret',
        `API_TOKEN=${canary}`,
        '--format',
        reporter,
      ]);
      expect(result.code).toBe(4);
      expect(result.stdout + result.stderr).not.toContain(canary);
      expect(result.stdout).toContain('********');
    },
  );

  it('writes --report-file atomically while the text report streams to the console', async () => {
    server.reset();
    const out = join(statePaths().stateDir, 'report.xml');
    const result = await runCli([
      'run',
      lesson('rate-limit'),
      ...gatewayAt(server.url),
      '--format',
      'junit',
      '--report-file',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ the sixth request is limited');
    expect(result.stdout).toContain('PASSED');
    expect(readFileSync(out, 'utf8')).toContain('<testsuites name="kong-workshop run" tests="2" failures="0"');
  });
});

describe('command-line usage', () => {
  it('lists the commands in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['run', 'check']) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('answers a bad flag with usage help and exit 1', async () => {
    const result = await runCli(['run', '--nope', lesson('rate-limit')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown option '--nope'");
    expect(result.stderr).toContain('--help');
  });

  it('rejects an unknown target with the list of targets', async () => {
    const result = await runCli(['run', lesson('rate-limit'), '--target', 'minikube']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Allowed choices are sandbox, kind, konnect, gateway/);
  });

  it('names the lesson it cannot find', async () => {
    const result = await runCli(['run', 'no-such-lesson']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no lesson file, folder or bundled lesson named 'no-such-lesson'");
  });
});
