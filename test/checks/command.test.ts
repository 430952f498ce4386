import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateCommandCheck, summarizeFailure, type CheckProgress } from '../../src/checks/index.js';
import { createShellSession, type OutputStream, type ShellSession } from '../../src/exec/index.js';
import type { CommandCheckSpec } from '../../src/lesson/index.js';
import { equals, exp } from './helpers.js';

let workdir: string;
let shell: ShellSession;

beforeEach(() => {
  workdir = mkdtempSync(join(tmpdir(), 'kw-cmd-check-'));
  shell = createShellSession({ cwd: workdir });
});

afterEach(async () => {
  await shell.close();
  rmSync(workdir, { recursive: true, force: true });
});

const cmd = (command: string, overrides: Partial<CommandCheckSpec> = {}): CommandCheckSpec => ({
  kind: 'cmd',
  command,
  exit: 0,
  timeoutMs: 10_000,
  ...overrides,
});

describe('evaluateCommandCheck', () => {
  it('passes on exit code and output; a plain value ignores trailing whitespace', async () => {
    const result = await evaluateCommandCheck(
      cmd('echo "sandbox is running  "; echo "warming up" >&2', {
        stdout: equals('sandbox is running', 4),
        stderr: exp(5, { op: 'matches', pattern: '^warming', flags: '' }),
      }),
      { shell },
    );
    expect(result).toMatchObject({ kind: 'cmd', status: 'passed', attempts: 1, extracted: {} });
    expect(result.expectations.map((e) => [e.subject, e.passed, e.source?.line])).toEqual([
      ['exit code', true, undefined],
      ['stdout', true, 4],
      ['stderr', true, 5],
    ]);
  });

  it('reports what differed', async () => {
    const result = await evaluateCommandCheck(
      cmd('echo stopped; exit 3', { exit: 0, stdout: exp(2, { op: 'contains', value: 'running' }) }),
      { shell },
    );
    expect(result.status).toBe('failed');
    expect(result.expectations).toMatchObject([
      { subject: 'exit code', passed: false, expected: '0', actual: '3' },
      { subject: 'stdout', passed: false, expected: 'contains "running"', actual: 'stopped' },
    ]);
    expect(summarizeFailure(result)).toBe('exit code: expected 0, actual 3 (and 1 more)');
  });

  it('expects another exit code when told to', async () => {
    const result = await evaluateCommandCheck(cmd('test -f missing.txt', { exit: 1 }), { shell });
    expect(result.status).toBe('passed');
  });

  it('runs in the lesson shell session, with its exports and folder', async () => {
    await shell.run('export CONSUMER=alex; mkdir -p out && cd out', { timeoutMs: 5_000 });
    shell.setVariable('ROUTE_PATH', '/echo');
    const result = await evaluateCommandCheck(
      cmd('echo "$CONSUMER $ROUTE_PATH $(basename "$PWD")"', { stdout: equals('alex /echo out') }),
      { shell },
    );
    expect(result.status).toBe('passed');
  });

  it('passes output lines on as they come', async () => {
    const lines: [OutputStream, string][] = [];
    await evaluateCommandCheck(cmd('echo one; echo two >&2'), {
      shell,
      onLine: (stream, line) => lines.push([stream, line]),
    });
    expect(lines).toEqual([
      ['stdout', 'one'],
      ['stderr', 'two'],
    ]);
  });

  it('fails a command that outlives its timeout', async () => {
    const result = await evaluateCommandCheck(cmd('sleep 30', { timeoutMs: 200 }), { shell });
    expect(result.status).toBe('failed');
    expect(result.expectations[0]).toMatchObject({
      subject: 'exit code',
      passed: false,
      actual: '(still running after 200ms; stopped)',
    });
  });

  it('retries with eventually until the command passes', async () => {
    await shell.run('(sleep 0.4; touch ready) >/dev/null 2>&1 &', { timeoutMs: 5_000 });
    const progress: CheckProgress[] = [];
    const result = await evaluateCommandCheck(
      cmd('test -f ready', { eventually: { timeoutMs: 10_000, intervalMs: 100 } }),
      { shell, onProgress: (p) => progress.push(p) },
    );
    expect(result.status).toBe('passed');
    expect(result.attempts).toBeGreaterThan(1);
    const second = progress[1];
    expect(second?.type === 'attempt' && second.lastFailure).toBe('exit code: expected 0, actual 1');
  });

  it('is an error without a shell session', async () => {
    const result = await evaluateCommandCheck(cmd('true'), {});
    expect(result).toMatchObject({ status: 'error', attempts: 0, fault: { code: 'internal' } });
  });

  it('is a cancelled error when aborted while running', async () => {
    const controller = new AbortController();
    const result = await evaluateCommandCheck(cmd('echo started; sleep 30'), {
      shell,
      signal: controller.signal,
      onLine: () => controller.abort(),
    });
    expect(result).toMatchObject({ status: 'error', fault: { code: 'cancelled' } });
  });
});
