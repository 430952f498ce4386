import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { stopSandbox } from '@kong-workshop/sandbox';
import { quickSandbox } from '../../src/cli/quick.js';
import { statePaths } from '../../src/state/index.js';

// The quick path for short `sandbox …` commands (src/cli/quick.ts, bundled on its own as
// bundle/quick/sandbox.mjs): what it declines goes to the full CLI, what it loads stays small, and
// a closed pipe ends it quietly.

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'kong-workshop.mjs');

afterAll(async () => {
  await stopSandbox({ sandboxDir: statePaths().sandboxDir });
});

/** Every file bundle/quick/sandbox.mjs loads before it runs: its static imports, followed. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(
    /^(?:import|export)\b[^'"]*?(?:from\s*)?["'](\.[^"']+)["']/gm,
  ))
    staticClosure(resolve(dirname(file), match[1] ?? ''), seen);
  return seen;
}

describe('the quick sandbox path', () => {
  it('hands everything it does not recognise to the full CLI, which owns help and usage errors', async () => {
    const declined = [
      [],
      ['--help'],
      ['status', '--help'],
      ['status', '-h'],
      ['status', '--bogus'],
      ['status', '--json'],
      ['status', '--format', 'yaml'],
      ['status', '--format=text', '--format=json'],
      ['status', 'extra'],
      ['sync'],
      ['sync', 'a.yaml', 'b.yaml'],
      ['sync', 'a.yaml', '--pat'],
      ['sync', 'a.yaml', '--pat', 'x', '--pat', 'y'],
      ['start', '--foreground'],
      ['start', '--proxy-port', 'eighty'],
      ['start', '--proxy-port', '70000'],
      ['start', '--proxy-port', '1e3'],
      ['logs'],
      ['kubeconfig', '--'],
      ['no-such-command'],
      ['constructor'],
    ];
    for (const argv of declined) expect(await quickSandbox(argv), argv.join(' ')).toBeUndefined();
  });

  it('loads a few small files, without commander, the gateway or a YAML parser', () => {
    const files = [...staticClosure(join(root, 'bundle', 'quick', 'sandbox.mjs'))];
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(files.length).toBeLessThanOrEqual(5);
    expect(bytes).toBeLessThan(40_000);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toMatch(/LineCounter|commander|startSandbox\(/);
  });

  it('runs the short commands, falls back for usage errors, and ends quietly when the reader leaves', async () => {
    const started = await execa('node', [cli, 'sandbox', 'start', '--proxy-port', '0', '--admin-port', '0'], {
      reject: false,
    });
    expect(started.exitCode, started.stderr).toBe(0);
    const piped = await execa(
      'bash',
      ['-o', 'pipefail', '-c', `node ${JSON.stringify(cli)} sandbox status | head -1`],
      {
        reject: false,
      },
    );
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toMatch(/^sandbox running \(pid \d+/);
    expect(piped.stderr).toBe('');

    const usage = await execa('node', [cli, 'sandbox', 'advance'], { reject: false });
    expect(usage.exitCode).toBe(1);
    expect(usage.stderr).toContain("missing required argument 'duration'");

    const bad = await execa('node', [cli, 'sandbox', 'advance', 'soon'], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: not a duration: soon\nhint: /);
  });
});
