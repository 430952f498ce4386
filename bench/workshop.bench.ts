import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, median, root, row, timePaired, type Bench, type BenchRow } from './lib.js';

const RUNS = 5;
// Issue 14: the whole workshop in at most 2.5 s, and a short sandbox command at most 1.5× bare Node.
const BUDGET_MS = 2_500;
const SHORT_COMMAND_MAX = 1.5;
// The 2.5 s were set on this machine idle, where `node -e 0` takes 55 ms: 45 of those. On a loaded
// machine (CI, other jobs) the same work takes longer in seconds but not in units of bare Node.
const BUDGET_IN_NODE_STARTS = 45;

interface Report {
  status: string;
  lessons: {
    id: string;
    durationMs: number;
    steps: { commands: { durationMs: number }[]; checks: { kind: string; durationMs: number }[] }[];
  }[];
}

/** Where a run's time went: shell processes (run blocks and command checks) against HTTP checks. */
function breakdown(report: Report): { processes: number; processMs: number; httpChecks: number; httpMs: number } {
  const out = { processes: 0, processMs: 0, httpChecks: 0, httpMs: 0 };
  for (const step of report.lessons.flatMap((lesson) => lesson.steps)) {
    for (const command of step.commands) {
      out.processes++;
      out.processMs += command.durationMs;
    }
    for (const check of step.checks) {
      if (check.kind === 'cmd') {
        out.processes++;
        out.processMs += check.durationMs;
      } else {
        out.httpChecks++;
        out.httpMs += check.durationMs;
      }
    }
  }
  return out;
}

/** One headless run of the whole workshop on a fresh sandbox (ephemeral ports, empty state), as CI does it. */
function runWorkshop(): { ms: number; report: Report } {
  const home = mkdtempSync(join(tmpdir(), 'kw-bench-workshop-'));
  try {
    const reportFile = join(home, 'report.json');
    const env = { ...process.env, KONG_WORKSHOP_HOME: home, NO_COLOR: '1' };
    const args = [
      cli,
      'run',
      'lessons',
      '--target',
      'sandbox',
      '--proxy-port',
      '0',
      '--admin-port',
      '0',
      '--format',
      'json',
      '--report-file',
      reportFile,
    ];
    const start = process.hrtime.bigint();
    const result = spawnSync('node', args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0)
      throw new Error(`the workshop run failed (exit ${result.status}): ${result.stderr.toString().slice(-2000)}`);
    return { ms, report: JSON.parse(readFileSync(reportFile, 'utf8')) as Report };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * What each `kong-workshop sandbox …` command in a lesson costs: one CLI process that asks a running
 * sandbox something (status; sync, which also sends a deck file), each alternated with `node -e 0`.
 */
async function timeSandboxCalls(): Promise<{ status: Paired; sync: Paired }> {
  const home = mkdtempSync(join(tmpdir(), 'kw-bench-cli-'));
  const env = { ...process.env, KONG_WORKSHOP_HOME: home, DECK_UPSTREAM: 'http://echo' };
  const cliSync = (...args: string[]) => spawnSync('node', [cli, ...args], { cwd: root, env, stdio: 'ignore' });
  const deckFile = join(root, 'fixtures', 'deck', 'echo.yaml');
  try {
    if (cliSync('sandbox', 'start', '--proxy-port', '0', '--admin-port', '0').status !== 0)
      throw new Error('the sandbox did not start');
    if (cliSync('sandbox', 'sync', deckFile).status !== 0) throw new Error(`sandbox sync ${deckFile} failed`);
    const bare = () => void spawnSync('node', ['-e', '0'], { cwd: root, env, stdio: 'ignore' });
    return {
      status: await timePaired(() => void cliSync('sandbox', 'status'), bare, 21),
      sync: await timePaired(() => void cliSync('sandbox', 'sync', deckFile), bare, 21),
    };
  } finally {
    cliSync('sandbox', 'stop');
    rmSync(home, { recursive: true, force: true });
  }
}

type Paired = { a: number; b: number; ratio: number };

/** A row from a paired timing: the ratio is the median of the pairwise ratios. */
function pairedRow(name: string, paired: Paired, max?: number): BenchRow {
  const target = max === undefined ? {} : { target: `≤ ${max.toFixed(1)}×`, met: paired.ratio <= max };
  return { ...row(name, paired.a, 'ms', '`node -e 0`', paired.b), ratio: paired.ratio, ...target };
}

export const bench: Bench = {
  title: 'The whole workshop, headless, on the sandbox',
  async run() {
    const calls = await timeSandboxCalls();
    const baseline = calls.status.b;

    runWorkshop(); // warm-up: page cache, bundle chunks
    const runs = Array.from({ length: RUNS }, runWorkshop);
    const total = median(runs.map((r) => r.ms));
    const report = runs[0]!.report;
    const spent = breakdown(report);

    const workshop: BenchRow = {
      ...row('`kong-workshop run lessons --target sandbox` (5 lessons)', total, 'ms', '`node -e 0`', baseline),
      target: `≤ ${BUDGET_MS / 1000} s or ≤ ${BUDGET_IN_NODE_STARTS}×`,
      met: total <= BUDGET_MS || total / baseline <= BUDGET_IN_NODE_STARTS,
    };
    const rows = [
      workshop,
      pairedRow('one `kong-workshop sandbox status` process, sandbox running', calls.status, SHORT_COMMAND_MAX),
      pairedRow('one `kong-workshop sandbox sync <deck file>` process', calls.sync),
    ];
    const perLesson = report.lessons.map((lesson) => `${lesson.id} ${Math.round(lesson.durationMs)} ms`).join(', ');
    return {
      title: this.title,
      method:
        `Median wall time over ${RUNS} runs after a warm-up, each from an empty KONG_WORKSHOP_HOME with the ` +
        `sandbox started for the run on ephemeral ports, JSON report to a file; against \`node -e 0\` in the same ` +
        `run. The workshop's budget is ${BUDGET_MS / 1000} s, which is ${BUDGET_IN_NODE_STARTS} starts of bare Node ` +
        `on this machine when idle (55 ms); a loaded machine is held to the ratio. The two short commands are timed ` +
        `in alternation with \`node -e 0\` (21 pairs after 2 warm-ups; the ratio is the median of the pairwise ` +
        `ratios).`,
      rows,
      notes: [
        `Per lesson (first timed run): ${perLesson}.`,
        `What dominates: ${spent.processes} shell commands (run blocks and command checks) took ` +
          `${Math.round(spent.processMs)} ms, ${Math.round(spent.processMs / spent.processes)} ms on average. Nearly ` +
          `every one starts a \`kong-workshop sandbox …\` process, like the rows below it: bin/kong-workshop.mjs ` +
          `sends short sandbox commands to bundle/quick/sandbox.mjs (a few small files, no commander, no gateway, no ` +
          `YAML parser: the sandbox parses deck files itself) and one or two Admin API calls on a bare socket. The ` +
          `${spent.httpChecks} HTTP checks took ${Math.round(spent.httpMs)} ms in all. The rest is starting the ` +
          `sandbox and the run itself. Lesson 1 runs the most commands (it passes a token three ways), so it takes ` +
          `the longest.`,
        'Windows never cost real time here: lesson 4 moves the sandbox clock by the `Retry-After` seconds instead of ' +
          'waiting them out.',
      ],
    };
  },
};
