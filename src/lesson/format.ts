import type { Diagnostic } from './types.js';

export interface FormatOptions {
  /** The file's text; with it the source line is shown with a caret under the column. */
  readonly sourceText?: string;
  /** ANSI colours; off unless asked for. */
  readonly color?: boolean;
}

const ANSI = {
  bold: '\u001b[1m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

/**
 * Renders a diagnostic the way hurl and rustc do:
 *
 *     lessons/02-key-auth.md:41:9 error unknown-attribute: unknown attribute 'timout' on a run block
 *       41 | ```sh run timout=30s
 *          |           ^^^^^^
 *       hint: did you mean 'timeout'? Run blocks take target, id, timeout, exit, capture and secret
 */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const paint = (style: keyof typeof ANSI, text: string) =>
    options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text;
  const severityStyle = diagnostic.severity === 'error' ? 'red' : 'yellow';
  const lines = [
    `${paint('bold', `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`)} ` +
      `${paint(severityStyle, diagnostic.severity)} ${paint('bold', `${diagnostic.code}:`)} ${diagnostic.message}`,
  ];
  const line = options.sourceText === undefined ? undefined : sourceLine(options.sourceText, diagnostic.line);
  if (line !== undefined) {
    const number = String(diagnostic.line);
    const gutter = ' '.repeat(number.length);
    const column = Math.min(diagnostic.column - 1, line.length);
    // Keep tabs in the padding so the caret lines up however the terminal expands them.
    const padding = line.slice(0, column).replace(/[^\t]/g, ' ');
    const caret = '^'.repeat(underlineLength(line, column));
    lines.push(
      `  ${paint('dim', `${number} |`)} ${line}`,
      `  ${paint('dim', `${gutter} |`)} ${padding}${paint(severityStyle, caret)}`,
    );
  }
  lines.push(`  ${paint('cyan', 'hint:')} ${diagnostic.hint}`);
  return `${lines.join('\n')}\n`;
}

function sourceLine(text: string, line: number): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
}

/** Underlines the word at the column: a `{{NAME}}`, an attribute name, a YAML key. At least one caret. */
function underlineLength(line: string, column: number): number {
  const rest = line.slice(column);
  const reference = /^\\?\{\{[^}]*\}\}/.exec(rest);
  if (reference) return reference[0].length;
  const word = /^[\w./-]+/.exec(rest);
  return Math.max(1, word ? word[0].length : 1);
}
