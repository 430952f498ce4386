import type { Matcher } from '../lesson/index.js';

/** Where in a value an expectation looked: a pattern's match, a contained text, or the nearest literal part. */
export interface Focus {
  readonly start: number;
  readonly end: number;
}

/**
 * The part of a long actual value worth showing: a window of `max` characters around `focus`
 * (the match, or where a failed pattern came closest), else its start; what the window leaves out
 * is counted at either end, in the words every screen uses (`… 340 more characters`).
 */
export function previewText(text: string, max: number, focus?: Focus): string {
  if (text.length <= max) return text;
  let start = 0;
  if (focus) {
    const middle = Math.floor((focus.start + Math.min(focus.end, focus.start + max)) / 2);
    start = Math.max(0, Math.min(text.length - max, middle - Math.floor(max / 2)));
  }
  const end = Math.min(text.length, start + max);
  const before = start > 0 ? `${start} characters before … ` : '';
  const after = text.length - end;
  return `${before}${text.slice(start, end)}${after > 0 ? ` … ${after} more characters` : ''}`;
}

/**
 * Where `matchers` looked in `text`: the first match of a pattern or contained value (also under
 * `not`, where the match is the failure); for a pattern that did not match, its longest literal
 * part that occurs, so a failed `"status":\s*"ready"` shows the body around `"status":`.
 */
export function focusOf(matchers: readonly Matcher[], text: string): Focus | undefined {
  for (const matcher of matchers) {
    const found = focusOfOne(matcher, text);
    if (found) return found;
  }
  return undefined;
}

function focusOfOne(matcher: Matcher, text: string): Focus | undefined {
  switch (matcher.op) {
    case 'contains': {
      const at = text.indexOf(matcher.value);
      return at >= 0 ? { start: at, end: at + matcher.value.length } : undefined;
    }
    case 'matches': {
      const found = safeExec(matcher.pattern, matcher.flags, text);
      if (found) return found;
      return nearestLiteral(matcher.pattern, text);
    }
    case 'not':
      return focusOf(matcher.matchers, text);
    default:
      return undefined;
  }
}

function safeExec(pattern: string, flags: string, text: string): Focus | undefined {
  try {
    const found = new RegExp(pattern, flags.replaceAll(/[gy]/g, '')).exec(text);
    return found ? { start: found.index, end: found.index + found[0].length } : undefined;
  } catch {
    return undefined;
  }
}

/** The longest run of plain characters in a pattern (escapes read as the character) found in `text`. */
function nearestLiteral(pattern: string, text: string): Focus | undefined {
  const parts = literalParts(pattern)
    .filter((part) => part.length >= 3)
    .sort((a, b) => b.length - a.length);
  for (const part of parts) {
    const at = text.indexOf(part);
    if (at >= 0) return { start: at, end: at + part.length };
  }
  return undefined;
}

function literalParts(pattern: string): string[] {
  const parts: string[] = [];
  let current = '';
  const cut = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '\\') {
      const next = pattern[++i] ?? '';
      if (/[dDwWsSbBnrtfv0-9pPuxck]/.test(next)) cut();
      else current += next;
    } else if (char === '[') {
      cut();
      while (i < pattern.length && pattern[i] !== ']') i++;
    } else if ('?*{'.includes(char)) {
      // The character before may be absent: it is not part of what must occur.
      current = current.slice(0, -1);
      cut();
    } else if ('.+^$()|}'.includes(char)) cut();
    else current += char;
  }
  cut();
  return parts;
}
