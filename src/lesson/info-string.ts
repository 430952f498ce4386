/** One word of a fence's info string: the language, a flag (`run`) or an attribute (`timeout=30s`). */
export interface InfoWord {
  /** The word as written, quotes included. */
  readonly raw: string;
  /** 0-based offset of the word in the info string. */
  readonly start: number;
  /** Set for `key=value` words. */
  readonly key?: string;
  /** The value with its quotes removed. */
  readonly value?: string;
  /** 0-based offset of the value (after an opening quote) in the info string. */
  readonly valueStart?: number;
  /** Set when a quoted value has no closing quote. */
  readonly unclosedQuote?: boolean;
}

/**
 * Splits an info string into words. Values may be quoted (`file="my file.yaml"`), so the split
 * is on whitespace outside quotes; every word keeps its offset for diagnostics.
 */
export function splitInfoString(info: string): InfoWord[] {
  const words: InfoWord[] = [];
  let i = 0;
  while (i < info.length) {
    if (/\s/.test(info[i] ?? '')) {
      i++;
      continue;
    }
    words.push(readWord(info, i));
    i = (words.at(-1)?.start ?? 0) + (words.at(-1)?.raw.length ?? 0);
  }
  return words;
}

function readWord(info: string, start: number): InfoWord {
  const equals = scanKey(info, start);
  if (equals === undefined) {
    let end = start;
    while (end < info.length && !/\s/.test(info[end] ?? '')) end++;
    return { raw: info.slice(start, end), start };
  }
  const key = info.slice(start, equals);
  const quote = info[equals + 1];
  if (quote === '"' || quote === "'") {
    const close = info.indexOf(quote, equals + 2);
    const end = close === -1 ? info.length : close + 1;
    const value = info.slice(equals + 2, close === -1 ? info.length : close);
    return { raw: info.slice(start, end), start, key, value, valueStart: equals + 2, unclosedQuote: close === -1 };
  }
  let end = equals + 1;
  while (end < info.length && !/\s/.test(info[end] ?? '')) end++;
  return { raw: info.slice(start, end), start, key, value: info.slice(equals + 1, end), valueStart: equals + 1 };
}

/** The offset of the `=` of a `key=` word, if the word is one. */
function scanKey(info: string, start: number): number | undefined {
  for (let i = start; i < info.length; i++) {
    const char = info[i] ?? '';
    if (char === '=') return i > start ? i : undefined;
    if (/\s/.test(char) || char === '"' || char === "'") return undefined;
  }
  return undefined;
}
