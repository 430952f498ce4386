import type { Diagnostic, SourcePos } from './types.js';

/**
 * How many diagnostics one file reports; past that, one more says how many were left out. A
 * broken file can have thousands, and nobody reads past the first screens.
 */
export const MAX_REPORTED_DIAGNOSTICS = 100;

/** Collects every diagnostic of one file; parsing never stops at the first problem. */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  #errors = 0;

  error(at: SourcePos, code: string, message: string, hint: string): void {
    this.add({ ...pick(at), severity: 'error', code, message, hint });
  }

  warning(at: SourcePos, code: string, message: string, hint: string): void {
    this.add({ ...pick(at), severity: 'warning', code, message, hint });
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  get errorCount(): number {
    return this.#errors;
  }

  /**
   * In file order, at most {@link MAX_REPORTED_DIAGNOSTICS} and then one that counts the rest; the
   * same problem found on several targets is reported once.
   */
  sorted(): Diagnostic[] {
    const all = [...this.items].sort((a, b) => a.line - b.line || a.column - b.column);
    if (all.length <= MAX_REPORTED_DIAGNOSTICS) return all;
    const shown = all.slice(0, MAX_REPORTED_DIAGNOSTICS);
    const rest = all.slice(MAX_REPORTED_DIAGNOSTICS);
    const first = rest[0] ?? shown[shown.length - 1];
    const restErrors = rest.filter((d) => d.severity === 'error').length;
    if (!first) return shown;
    shown.push({
      file: first.file,
      line: first.line,
      column: first.column,
      severity: restErrors > 0 ? 'error' : 'warning',
      code: 'more-problems',
      message:
        `${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'} in this file (${restErrors} ` +
        `${restErrors === 1 ? 'error' : 'errors'}) not shown`,
      hint: `fix the ones above and lint again; only the first ${MAX_REPORTED_DIAGNOSTICS} are listed`,
    });
    return shown;
  }

  private add(diagnostic: Diagnostic): void {
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.code}:${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (diagnostic.severity === 'error') this.#errors++;
    this.items.push(diagnostic);
  }
}

function pick(at: SourcePos): SourcePos {
  return { file: at.file, line: at.line, column: at.column };
}
