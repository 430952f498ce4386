import { helpBarLine } from './help-bar.js';
import { decodeKey, type KeyHint, type KeyMap, type KeyPress } from './keys.js';
import { blankLine, fitLine, lineWidth, span, truncateLine, type Line } from './styled-text.js';

/**
 * A full-screen pager inside the TUI, for what a compact screen cut: scrolls by line and page,
 * jumps to either end, closes with q or Esc, or hands the text to the learner's `$PAGER`.
 */
export type PagerAction = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom' | 'close' | 'external';

const PAGER_KEYS: KeyMap<PagerAction> = {
  named: {
    upArrow: 'up',
    downArrow: 'down',
    pageUp: 'page-up',
    pageDown: 'page-down',
    end: 'bottom',
    escape: 'close',
    return: 'down',
  },
  chars: { k: 'up', j: 'down', u: 'page-up', d: 'page-down', ' ': 'page-down', b: 'page-up' },
};

const PAGER_CHARS: Readonly<Record<string, PagerAction>> = { g: 'top', G: 'bottom', q: 'close', e: 'external' };

/** Every pager action of one read, in order: keys typed fast arrive as one string. */
export function pagerActions(input: string, key: KeyPress & { readonly home?: boolean }): PagerAction[] {
  if (key.ctrl) return [];
  if (key.home) return ['top'];
  const one = PAGER_CHARS[input] ?? decodeKey(input, key, PAGER_KEYS);
  if (one !== undefined && one !== 'interrupt') return [one];
  if (input.length < 2 || key.escape) return [];
  return [...input].flatMap((char) => {
    const action = PAGER_CHARS[char] ?? decodeKey(char, {}, PAGER_KEYS);
    return action === undefined || action === 'interrupt' ? [] : [action];
  });
}

/** The first line shown after `action`, kept between the top and the last full page. */
export function scrollPager(top: number, action: PagerAction, total: number, rows: number): number {
  const max = Math.max(0, total - rows);
  const page = Math.max(1, rows - 1);
  const moved =
    action === 'up'
      ? top - 1
      : action === 'down'
        ? top + 1
        : action === 'page-up'
          ? top - page
          : action === 'page-down'
            ? top + page
            : action === 'top'
              ? 0
              : action === 'bottom'
                ? max
                : top;
  return Math.max(0, Math.min(max, moved));
}

export interface PagerScreenInput {
  /** What it shows, e.g. "Step 2 · Add a consumer · output in full". */
  readonly title: string;
  readonly body: readonly Line[];
  readonly width: number;
  readonly height: number;
  readonly top: number;
  /** The program `e` hands the text to (from `$PAGER`); none on stage, where `e` is not offered. */
  readonly external?: string;
}

/** Rows of text a pager of `height` lines shows (title and help bar take the rest). */
export function pagerRows(height: number): number {
  return Math.max(1, height - 2);
}

/** The pager fitted to the terminal: title and position, the text, the keys. Exactly `height` lines. */
export function pagerScreen(input: PagerScreenInput): Line[] {
  const { body, width, height } = input;
  const rows = pagerRows(height);
  const top = Math.max(0, Math.min(input.top, body.length - rows));
  const end = Math.min(body.length, top + rows);
  const where = body.length > rows ? `${top + 1}–${end} of ${body.length} lines` : `${body.length} lines`;
  const right = [span(` ${where}${end < body.length ? ' · ↓ more' : ' · end'}`, { tone: 'muted' })];
  const title: Line = [
    ...fitLine([span('▤ ', { tone: 'accent' }), span(input.title, { bold: true })], width - lineWidth(right)),
    ...right,
  ];
  const shown = body.slice(top, end).map((line) => truncateLine(line, width));
  while (shown.length < rows) shown.push(blankLine);
  const hints: KeyHint[] = [
    { keys: 'q/Esc', label: 'close', primary: true },
    { keys: '↑↓', label: 'scroll' },
    { keys: 'PgUp/PgDn', label: 'page' },
    ...(input.external === undefined ? [] : [{ keys: 'e', label: `open in ${programName(input.external)}` }]),
    { keys: 'g/G', label: 'top/end' },
  ];
  return [truncateLine(title, width), ...shown, helpBarLine(hints, width)].slice(0, height);
}

/** `less` for `/usr/bin/less -R`: the bar names the program, not the whole `$PAGER` line. */
function programName(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? command;
  return first.split('/').at(-1) || first;
}
