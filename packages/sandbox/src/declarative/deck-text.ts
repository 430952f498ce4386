import { LineCounter, parseDocument } from 'yaml';

/** A deck file's text read as YAML (JSON is YAML too), or where and why it is not a deck file. */
export type DeckText =
  | { readonly ok: true; readonly content: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly line: number;
      readonly col: number;
      readonly message: string;
      readonly hint: string;
    };

/**
 * Parses a deck file's text, with the position of the first problem. The sandbox does this for
 * `POST /_sandbox/sync {"text": …}`, so the short CLI command that sends the file never loads a
 * YAML parser of its own.
 */
export function parseDeckText(text: string): DeckText {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const problem = document.errors[0];
  if (problem) {
    const at = lines.linePos(problem.pos[0]);
    const message = problem.message.split('\n')[0] ?? problem.message;
    return { ok: false, line: at.line, col: at.col, message, hint: 'deck files are YAML or JSON' };
  }
  const value: unknown = document.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      ok: false,
      line: 1,
      col: 1,
      message: 'expected a mapping at the top level',
      hint: 'a deck file starts with _format_version: "3.0"',
    };
  return { ok: true, content: { ...value } };
}
