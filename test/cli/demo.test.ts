import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

// `kong-workshop demo` from the outside: flags, refusals, and --reset against a real sandbox.
// The presenter view itself runs in a real terminal in test/e2e/demo.e2e.test.ts.

const lesson = 'fixtures/lessons/demo/sandbox.md';
const dir = tempDir('kw-demo-cli-');

afterAll(async () => {
  await runCli(['sandbox', 'stop']);
});

describe('kong-workshop demo', () => {
  it('documents its flags', async () => {
    const { stdout, code } = await runCli(['demo', '--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--speed <chars-per-second>',
      '--reduced-motion',
      '--auto-advance <duration>',
      '--from <lesson:step>',
      '--record <file.cast>',
      '--replay <file.cast>',
      '--reset',
      '--target <name>',
      '--secret <NAME=VALUE>',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('refuses bad flags and combinations with what to write instead', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--speed', 'fast'],
        /error: --speed expects characters per second, from 1 to 2000; got 'fast'\nhint: for example --speed 25/,
      ],
      [['--speed', '0'], /--speed expects characters per second/],
      [
        ['--auto-advance', '8'],
        /error: --auto-advance expects a duration with a unit, got '8'\nhint: for example --auto-advance 8s/,
      ],
      [['--from', 'demo-sandbox:'], /error: --from expects LESSON:STEP, got 'demo-sandbox:'/],
      [
        ['--reset', '--record', join(dir, 'x.cast')],
        /--reset runs the lessons' clean-up and exits; it does not take --record/,
      ],
      [['--replay', join(dir, 'x.cast')], /--replay plays a recording on its own; it does not take lessons/],
      [['--record', join(dir, 'missing', 'x.cast')], /--record: the folder .*missing does not exist/],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(['demo', lesson, '--trust', ...flags]);
      expect(result.stderr, flags.join(' ')).toMatch(message);
      expect(result.code, flags.join(' ')).toBe(1);
    }
  });

  it('names the steps a --from could mean when it names none', async () => {
    const result = await runCli(['demo', lesson, '--trust', '--from', 'demo-sandbox:9']);
    expect(result.stderr).toContain(
      "error: 'demo-sandbox' has 2 steps on the sandbox target, not 9\nhint: steps: 1 route-to-the-echo-service, 2 " +
        'call-with-alexs-key',
    );
    expect(result.code).toBe(1);
    const unknown = await runCli(['demo', lesson, '--trust', '--from', 'nope:1']);
    expect(unknown.stderr).toContain(
      "error: --from names no lesson 'nope' among the lessons given for the sandbox target\nhint: use a lesson id or " +
        'file name: demo-sandbox (sandbox)',
    );
  });

  it('presents only in a terminal', async () => {
    const result = await runCli(['demo', lesson, '--trust']);
    expect(result.stderr).toContain(
      'error: demo mode presents in a terminal, and this is not one\nhint: run it in a terminal; `kong-workshop run` ' +
        'runs lessons headless',
    );
    expect(result.code).toBe(1);
  });

  it('refuses to replay a file that is not asciicast v2', async () => {
    const notCast = join(dir, 'notes.txt');
    writeFileSync(notCast, 'just some notes\n');
    const result = await runCli(['demo', '--replay', notCast]);
    expect(result.stderr).toContain(
      `error: ${notCast} is not an asciicast v2 recording: its first line is not a JSON header`,
    );
    expect(result.stderr).toContain('hint: record one with `kong-workshop demo --record FILE.cast`');
    expect(result.code).toBe(1);
    const v3 = join(dir, 'v3.cast');
    writeFileSync(v3, `${JSON.stringify({ version: 3, term: { cols: 80, rows: 24 } })}\n[0.1, "o", "x"]\n`);
    expect((await runCli(['demo', '--replay', v3])).stderr).toContain(
      'convert it with `asciinema convert -f asciicast-v2 IN OUT`',
    );
  });

  it("--reset runs the lessons' clean-up on the sandbox, the lessons' variables given as flags", async () => {
    const result = await runCli([
      'demo',
      '--reset',
      lesson,
      '--trust',
      '--proxy-port',
      '0',
      '--admin-port',
      '0',
      '--secret',
      'API_KEY=canary-reset-cli-4410',
    ]);
    expect(result.stdout).toMatch(
      /^Resetting 1 lesson on sandbox at http:\/\/127\.0\.0\.1:\d+.*: clean-up sections, last lesson first\./,
    );
    expect(result.stdout).toContain('[1/1] Clean up');
    expect(result.stdout).toContain('│ emptied: HTTP 201');
    expect(result.stdout).toContain('Ready to present again.');
    expect(result.stdout + result.stderr).not.toContain('canary-reset-cli-4410');
    expect(result.code).toBe(0);
  });
});
