import { lineWidth, span, truncateLine, type Line, type Span } from './styled-text.js';
import type { KeyHint } from './keys.js';

/**
 * The help bar: as many of the hints as fit, in their order, and `? keys` last. It and the hints
 * marked `keep` (the ways out, Esc and q) get their room first, so a narrow terminal drops the less
 * useful keys and never those; the full list stays one key away. Keys are drawn inverse, which shows
 * without colour too.
 */
export function helpBarLine(hints: readonly KeyHint[], width: number): Line {
  const kept = new Set(hints.filter((hint) => hint.keep || hint.keys === '?'));
  // The last hint's trailing spaces are trimmed, so two columns come back.
  let room = width + 2 - [...kept].reduce((sum, hint) => sum + lineWidth(hintSpans(hint)), 0);
  const shown = new Set(kept);
  for (const hint of hints) {
    if (shown.has(hint)) continue;
    const cost = lineWidth(hintSpans(hint));
    // In order of use: once one does not fit, the ones after it (less useful) give way too.
    if (cost > room) break;
    shown.add(hint);
    room -= cost;
  }
  // `? keys` last, where it always is.
  const help = hints.filter((hint) => hint.keys === '?');
  const line = [...hints.filter((hint) => shown.has(hint) && hint.keys !== '?'), ...help].flatMap(hintSpans);
  const last = line.at(-1);
  if (last) line[line.length - 1] = { ...last, text: last.text.trimEnd() };
  return truncateLine(line, width);
}

function hintSpans(hint: KeyHint): Span[] {
  return [
    span(` ${hint.keys} `, { inverse: true, bold: hint.primary }),
    span(` ${hint.label}  `, hint.primary ? { bold: true } : { tone: 'muted' }),
  ];
}
