/**
 * Text that came from a learner's machine is shown in the instructor's terminal and on a page
 * projected to the room, so it is cleaned once, where it enters the server: no escape
 * sequences or control characters (they would drive the instructor's terminal), no bidi
 * overrides (they reorder what the room reads), no angle brackets (no HTML, even if a view
 * forgot to escape), whitespace collapsed, length capped.
 */
// C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff<>]/g;
// A whole ANSI/VT sequence goes, not only its ESC: "\x1b[31m" must not leave "[31m" behind.
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])|\u009b[0-?]*[ -/]*[@-~]/g;

export function sanitizeText(input: string, maxLength: number): string {
  const cleaned = input.replace(ESCAPE_SEQUENCE, '').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...cleaned];
  return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : cleaned;
}

const NAME_MAX = 32;

/** A display name as the instructor sees it; empty means the learner must choose another. */
export function sanitizeName(input: string): string {
  return sanitizeText(input, NAME_MAX);
}
