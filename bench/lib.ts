import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const cli = join(root, 'bin', 'kong-workshop.mjs');

/** One row of a benchmark table: a measurement, its same-run baseline, and the target ratio. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baselineName: string;
  readonly baseline: number;
  /** value / baseline, or baseline / value when `higherIsBetter`. */
  readonly ratio: number;
  /** e.g. "≤ 2.0×"; undefined when the row is informational. */
  readonly target?: string;
  readonly met?: boolean;
}

export interface BenchSection {
  readonly title: string;
  /** What was measured and how, in a sentence or two. */
  readonly method: string;
  readonly rows: readonly BenchRow[];
  /** Said under the table: misses and why, caveats. */
  readonly notes: readonly string[];
}

export interface Bench {
  readonly title: string;
  run(): Promise<BenchSection>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Median wall time of a whole process in ms, runs interleaved with nothing else. */
export function timeProcess(
  command: string,
  args: readonly string[],
  options: { runs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): number {
  const runs = options.runs ?? 15;
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd ?? root,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (i >= 2) times.push(elapsed); // two warm-up runs fill the page cache
  }
  return median(times);
}

/**
 * Times A and B in turn (A B A B …) and returns the medians and the median of pairwise ratios,
 * so a machine whose speed drifts during the run does not skew the comparison.
 */
export async function timePaired(
  a: () => Promise<void> | void,
  b: () => Promise<void> | void,
  runs = 15,
): Promise<{ a: number; b: number; ratio: number }> {
  const at: number[] = [];
  const bt: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    let start = process.hrtime.bigint();
    await a();
    const ta = Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    await b();
    const tb = Number(process.hrtime.bigint() - start) / 1e6;
    if (i < 2) continue;
    at.push(ta);
    bt.push(tb);
    ratios.push(ta / tb);
  }
  return { a: median(at), b: median(bt), ratio: median(ratios) };
}

export function row(
  name: string,
  value: number,
  unit: string,
  baselineName: string,
  baseline: number,
  target?: { max?: number; min?: number },
): BenchRow {
  const ratio = value / baseline;
  let targetText: string | undefined;
  let met: boolean | undefined;
  if (target?.max !== undefined) {
    targetText = `≤ ${target.max.toFixed(1)}×`;
    met = ratio <= target.max;
  } else if (target?.min !== undefined) {
    targetText = `≥ ${target.min.toFixed(1)}×`;
    met = ratio >= target.min;
  }
  return { name, value, unit, baselineName, baseline, ratio, target: targetText, met };
}
