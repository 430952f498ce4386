import type { Diagnostic, SourcePos } from './types.js';

/** Collects every diagnostic of one file; parsing never stops at the first problem. */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

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
    return this.items.filter((item) => item.severity === 'error').length;
  }

  /** In file order; the same problem found on several targets is reported once. */
  sorted(): Diagnostic[] {
    return [...this.items].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private add(diagnostic: Diagnostic): void {
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.code}:${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(diagnostic);
  }
}

function pick(at: SourcePos): SourcePos {
  return { file: at.file, line: at.line, column: at.column };
}
