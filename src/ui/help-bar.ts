import { lineWidth, span, truncateLine, type Line, type Span } from './styled-text.js';
import type { KeyHint } from './keys.js';

/**
 * The help bar: as many of the hints as fit, in order, and always `? keys` so the full list is
 * one key away whatever the width. Keys are drawn inverse, which shows without colour too.
 */
export function helpBarLine(hints: readonly KeyHint[], width: number): Line {
  const help = hints.find((hint) => hint.keys === '?');
  const rest = hints.filter((hint) => hint !== help);
  const helpSpans = help ? hintSpans(help) : [];
  const room = width - lineWidth(helpSpans) + 2;
  const out: Span[] = [];
  for (const hint of rest) {
    const spans = hintSpans(hint);
    if (lineWidth(out) + lineWidth(spans) > room) break;
    out.push(...spans);
  }
  const line = [...out, ...helpSpans];
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
