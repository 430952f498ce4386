import type { TargetName } from '../lesson/index.js';

/** One validation block (or expected-output block) of a page and what became of it. */
export interface ValidationEntry {
  /** The page line of the block. */
  readonly line: number;
  /** `request-check`, `rate-limit-check`, `expected-output`… */
  readonly kind: string;
  readonly outcome: 'converted' | 'todo';
  /** What it became (`check`, `check cmd`, `check k8s`), or why it could not be converted. */
  readonly detail: string;
}

export interface DroppedTarget {
  readonly target: TargetName;
  readonly reason: string;
}

/** A page construct that was not carried over as it stands (never silently). */
export interface ImportNote {
  readonly line: number;
  readonly message: string;
}

export interface DriftEntry {
  readonly line: number;
  readonly old: string;
  readonly current: string;
  readonly since: string;
  readonly rewritten: boolean;
}

export interface PageReport {
  readonly source: string;
  readonly kind: 'developer-docs' | 'legacy-docs' | 'hugo';
  /** The lesson file written, relative to --out. */
  readonly lesson: string;
  readonly id: string;
  readonly targets: readonly TargetName[];
  readonly dropped: readonly DroppedTarget[];
  readonly validations: readonly ValidationEntry[];
  readonly notes: readonly ImportNote[];
  readonly drift: readonly DriftEntry[];
  /** Lint of the written lesson: errors and warnings. */
  readonly lint: { readonly errors: number; readonly warnings: number; readonly messages: readonly string[] };
}

export interface ImportReport {
  readonly pages: readonly PageReport[];
  readonly totals: {
    readonly pages: number;
    readonly lintClean: number;
    readonly validations: number;
    readonly converted: number;
    readonly todo: number;
  };
}

export function totalsOf(pages: readonly PageReport[]): ImportReport['totals'] {
  const validations = pages.flatMap((p) => p.validations);
  return {
    pages: pages.length,
    lintClean: pages.filter((p) => p.lint.errors === 0).length,
    validations: validations.length,
    converted: validations.filter((v) => v.outcome === 'converted').length,
    todo: validations.filter((v) => v.outcome === 'todo').length,
  };
}

/** The report for people: per page, what was found, converted, left as TODO, dropped and why. */
export function renderTextReport(report: ImportReport): string {
  const out: string[] = [];
  for (const page of report.pages) {
    const converted = page.validations.filter((v) => v.outcome === 'converted').length;
    const todo = page.validations.filter((v) => v.outcome === 'todo');
    const lint =
      page.lint.errors === 0
        ? page.lint.warnings
          ? `lint clean (${page.lint.warnings} warnings)`
          : 'lint clean'
        : `${page.lint.errors} lint errors`;
    out.push(`${page.source} → ${page.lesson}`);
    out.push(
      `  targets: ${page.targets.join(', ') || 'none'}; validations: ${page.validations.length} found, ${converted} ` +
        `converted, ${todo.length} TODO; ${lint}`,
    );
    for (const drop of page.dropped) out.push(`  dropped target ${drop.target}: ${drop.reason}`);
    for (const v of page.validations)
      out.push(`  ${v.outcome === 'todo' ? 'TODO' : 'ok  '} line ${v.line}: ${v.kind} → ${v.detail}`);
    for (const d of page.drift)
      out.push(
        `  drift line ${d.line}: "${d.old}" → "${d.current}" (since ` +
          `${d.since})${d.rewritten ? ', rewritten' : ', flagged (--modernise rewrites it)'}`,
      );
    for (const n of page.notes) out.push(`  note line ${n.line}: ${n.message}`);
    for (const m of page.lint.messages) out.push(`  lint: ${m}`);
  }
  const t = report.totals;
  out.push('');
  out.push(
    `${t.pages} pages imported, ${t.lintClean} lint clean; ${t.validations} validations: ${t.converted} converted, ` +
      `${t.todo} TODO`,
  );
  return `${out.join('\n')}\n`;
}
