// `npm run import:coverage [-- --no-run] [--jobs N]`: imports every how-to of the developer-docs
// slice of the shared corpus (read from ../shared at run time, never copied into the repository),
// and prints what issue 16 measures: pages imported and lint clean, validations converted vs
// TODO, and which pages run green on the sandbox (the others with the reason, first failure
// included). --no-run skips the sandbox runs; --markdown prints the table for docs/importer.md.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { importPages, type ImportedLesson } from '../src/import/index.js';
import { parseLesson, projectLesson } from '../src/lesson/index.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const run = !args.includes('--no-run');
const markdown = args.includes('--markdown');
const jobs = Math.max(1, Number(args[args.indexOf('--jobs') + 1] ?? 1) || 1);

/** The shared folder: KONG_WORKSHOP_SHARED, ../shared, or beside the main checkout of a worktree. */
function sharedDir(): string {
  const candidates = [process.env.KONG_WORKSHOP_SHARED, resolve(root, '..', 'shared')];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    candidates.push(resolve(dirname(dirname(common)), 'shared'));
  } catch {
    // Not a git checkout: only the first two places apply.
  }
  const found = candidates.find((c): c is string => c !== undefined && existsSync(join(c, 'corpus')));
  if (!found) throw new Error('no ../shared/corpus: set KONG_WORKSHOP_SHARED to the folder that holds corpus/');
  return found;
}

interface SandboxRun {
  readonly lesson: string;
  readonly passed: boolean;
  readonly why: string;
}

/** Runs one imported lesson on a sandbox of its own (ephemeral ports), as test/import/sandbox-runs does. */
async function runOnSandbox(lesson: ImportedLesson, dir: string): Promise<SandboxRun> {
  // A home of its own: runs side by side must not share the sandbox's state folder.
  const home = mkdtempSync(join(tmpdir(), 'kw-import-coverage-home-'));
  const cli = join(root, 'bin', 'kong-workshop.mjs');
  const argv = [cli, 'run', join(dir, lesson.file), '--target', 'sandbox', '--proxy-port', '0', '--admin-port', '0'];
  try {
    await promisify(execFile)(process.execPath, [...argv, '--trust'], {
      env: { ...process.env, HOME: home, NO_COLOR: '1' },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { lesson: lesson.file, passed: true, why: '' };
  } catch (error) {
    const stdout = error instanceof Error && 'stdout' in error ? String(error.stdout) : String(error);
    const first = stdout.split('\n').find((line) => /^\s+✗ /.test(line));
    const next = first ? stdout.split('\n')[stdout.split('\n').indexOf(first) + 1]?.trim() : undefined;
    const finalLine = stdout.split('\n').find((line) => /^(FAILED|ERROR) /.test(line)) ?? 'no report';
    return { lesson: lesson.file, passed: false, why: [first?.trim(), next].filter(Boolean).join(': ') || finalLine };
  }
}

const site = join(sharedDir(), 'corpus', 'kong-developer-docs-site');
const out = mkdtempSync(join(tmpdir(), 'kw-import-coverage-'));
const started = performance.now();
const { lessons, report } = await importPages(join(site, 'app', '_how-tos'), { site, out });
const importMs = performance.now() - started;
const { totals } = report;
const onSandbox = lessons.filter((lesson) => lesson.report.targets.includes('sandbox'));
const runs: SandboxRun[] = [];
if (run) {
  const queue = [...onSandbox];
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const result = await runOnSandbox(next, out);
        process.stderr.write(`${result.passed ? 'green' : 'red  '} ${result.lesson}\n`);
        runs.push(result);
      }
    }),
  );
}
const green = runs.filter((r) => r.passed).length;
/** The checks a lesson has on the sandbox (HTTP, command, Kubernetes, and output blocks with match=). */
const checksOnSandbox = (lesson: ImportedLesson): number => {
  const parsed = parseLesson(lesson.text, lesson.file).lesson;
  if (!parsed) return 0;
  return projectLesson(parsed, 'sandbox')
    .steps.flatMap((step) => step.blocks)
    .filter((block) => block.type === 'check' || (block.type === 'display' && block.expect)).length;
};
const checked = onSandbox.filter((lesson) => checksOnSandbox(lesson) > 0);
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
const rows: [string, string][] = [
  ['how-tos in the slice', String(totals.pages)],
  ['imported', `${lessons.length} (${pct(lessons.length, totals.pages)})`],
  ['lint clean', `${totals.lintClean} (${pct(totals.lintClean, totals.pages)})`],
  ['validation blocks', String(totals.validations)],
  ['converted to checks', `${totals.converted} (${pct(totals.converted, totals.validations)})`],
  ['TODO (each named with its page line)', String(totals.todo)],
  ['pages the sandbox supports (plugins, entities, version)', String(onSandbox.length)],
  ['of those, with checks on the sandbox (the rest only show commands)', String(checked.length)],
  ['of those, green on the sandbox', run ? `${green} (${pct(green, onSandbox.length)})` : 'not run (--no-run)'],
  ['import time', `${(importMs / 1000).toFixed(1)} s`],
];
if (markdown) {
  process.stdout.write(`| measure | value |\n| --- | --- |\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`);
} else {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
if (run) {
  process.stdout.write('\nGreen on the sandbox (checks on the sandbox):\n');
  for (const lesson of onSandbox.filter((l) => runs.some((r) => r.passed && r.lesson === l.file)))
    process.stdout.write(`- ${lesson.file} (${checksOnSandbox(lesson)})\n`);
}
const red = runs.filter((r) => !r.passed).sort((a, b) => a.lesson.localeCompare(b.lesson));
if (red.length) {
  process.stdout.write('\nNot green on the sandbox:\n');
  for (const r of red) process.stdout.write(`- ${r.lesson}: ${r.why}\n`);
}
const todos = report.pages.flatMap((page) =>
  page.validations.filter((v) => v.outcome === 'todo').map((v) => `- ${page.source}:${v.line} ${v.kind}: ${v.detail}`),
);
if (todos.length) process.stdout.write(`\nTODOs:\n${todos.join('\n')}\n`);
const reasons = new Map<string, number>();
for (const page of report.pages)
  for (const d of page.dropped.filter((x) => x.target === 'sandbox')) {
    const key = d.reason.replace(/ \(it has [^)]*\)/, '');
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
process.stdout.write('\nWhy the other pages do not run on the sandbox (pages):\n');
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]))
  process.stdout.write(`- ${count} × ${reason}\n`);
const notOnPrem = report.pages.filter(
  (p) => !p.targets.includes('sandbox') && !p.dropped.some((d) => d.target === 'sandbox'),
).length;
process.stdout.write(`- ${notOnPrem} × not an on-prem Gateway page (Konnect, Kubernetes or another product)\n`);
process.stdout.write(`\nLessons written to ${out}\n`);
