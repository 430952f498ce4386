// `npm run fuzz [-- --runs N --seed S]`: the fuzzer at scale, by hand (not part of npm test; the
// property test runs a few hundred of the same cases on every CI run). Every case is a bundled or
// fixture lesson with one to three mutations, parsed and linted and its diagnostics formatted; it
// must end without an exception, within 2 s, with every position inside its line. The cases run in
// a child process that a watchdog replaces when one hangs, so a hang is counted, not waited on.
// `--case N` prints case N's text (to reproduce one: the same seed gives the same text).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { formatDiagnostic, parseLesson } from '../src/lesson/index.js';
import { mutated, positionProblem } from '../test/lesson/fuzz-mutations.js';

interface CaseResult {
  readonly index: number;
  readonly ms: number;
  readonly problem?: string;
  readonly diagnostics: number;
  readonly chars: number;
}

const LIMIT_MS = 2_000;
const HANG_MS = 20_000;

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

/** Case i is the same text for the same seed, in any process. */
function caseText(seed: number, index: number): string {
  const [text] = fc.sample(mutated, { numRuns: 1, seed: seed + index });
  return text ?? '';
}

function runCase(seed: number, index: number): CaseResult {
  const text = caseText(seed, index);
  const started = performance.now();
  try {
    const result = parseLesson(text, 'fuzz.md');
    for (const diagnostic of result.diagnostics) formatDiagnostic(diagnostic, { sourceText: text });
    const ms = performance.now() - started;
    const none = result.lesson === undefined && !result.diagnostics.some((d) => d.severity === 'error');
    const problem =
      (none ? 'no lesson and no error' : undefined) ??
      positionProblem(text, result.diagnostics) ??
      (ms > LIMIT_MS ? `took ${Math.round(ms)} ms` : undefined);
    const counts = { diagnostics: result.diagnostics.length, chars: text.length };
    return { index, ms, ...counts, ...(problem ? { problem } : {}) };
  } catch (error) {
    const ms = performance.now() - started;
    return {
      index,
      ms,
      diagnostics: 0,
      chars: text.length,
      problem: `threw ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** `--time 3,17,42`: those cases again, each parsed three times in this process, for a slow one's real cost. */
function timeCases(): void {
  const seed = flag('seed', 20261203);
  const at = process.argv.indexOf('--time');
  for (const index of (process.argv[at + 1] ?? '').split(',').map(Number)) {
    const runs = [runCase(seed, index), runCase(seed, index), runCase(seed, index)];
    const ms = runs.map((r) => Math.round(r.ms)).join(' / ');
    process.stdout.write(`case ${index}: ${ms} ms, ${runs[0]?.chars} characters${runs[0]?.problem ? '' : ''}\n`);
  }
}

function child(): void {
  const seed = flag('seed', 0);
  const from = flag('from', 0);
  const to = flag('to', 0);
  for (let index = from; index < to; index++) process.send?.(runCase(seed, index));
  process.send?.({ done: true, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
}

async function parent(): Promise<void> {
  const runs = flag('runs', 10_000);
  const seed = flag('seed', 20261203);
  const results: CaseResult[] = [];
  const hangs: number[] = [];
  let maxRssMb = 0;
  let next = 0;
  const started = performance.now();
  while (next < runs) {
    const worker: ChildProcess = fork(fileURLToPath(import.meta.url), [
      '--child',
      '--seed',
      String(seed),
      '--from',
      String(next),
      '--to',
      String(runs),
    ]);
    await new Promise<void>((resolve) => {
      let timer = setTimeout(onHang, HANG_MS);
      function onHang() {
        hangs.push(next);
        next++;
        worker.kill('SIGKILL');
      }
      worker.on('message', (message: CaseResult | { done: true; maxRssMb: number }) => {
        clearTimeout(timer);
        timer = setTimeout(onHang, HANG_MS);
        if ('done' in message) {
          maxRssMb = Math.max(maxRssMb, message.maxRssMb);
          next = runs;
          return;
        }
        results.push(message);
        next = message.index + 1;
        if (results.length % 1000 === 0) process.stderr.write(`${results.length} cases…\n`);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const pick = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  const failed = results.filter((r) => r.problem);
  const summary = {
    runs,
    seed,
    handled: results.length - failed.length,
    failed: failed.length,
    hangs: hangs.length,
    ms: { p50: pick(0.5), p99: pick(0.99), max: Math.round(times.at(-1) ?? 0) },
    maxDiagnostics: Math.max(0, ...results.map((r) => r.diagnostics)),
    maxRssMb,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  for (const r of slowest)
    process.stdout.write(`slow: case ${r.index} ${Math.round(r.ms)} ms, ${r.chars} characters\n`);
  for (const r of failed.slice(0, 20)) process.stdout.write(`case ${r.index}: ${r.problem}\n`);
  for (const index of hangs.slice(0, 20)) process.stdout.write(`case ${index}: no answer in ${HANG_MS} ms\n`);
  process.exitCode = failed.length + hangs.length > 0 ? 1 : 0;
}

if (process.argv.includes('--case')) process.stdout.write(caseText(flag('seed', 20261203), flag('case', 0)));
else if (process.argv.includes('--time')) timeCases();
else if (process.argv.includes('--child')) child();
else await parent();
