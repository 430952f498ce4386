// ink measures every piece of text with string-width, which walks graphemes with Intl.Segmenter and
// tests each against Unicode property regexes (RGI_Emoji among them). Its first call with anything
// beyond ASCII costs tens of milliseconds (ICU's segmenter and those regexes start up) right before
// the workshop's first key is read. The home screen's text is narrow Latin, punctuation, arrows and
// box drawing, one code unit per cell, for which the answer is simply the length: build.mjs wraps
// string-width so such text skips it. test/ui/string-width-fast.test.ts checks every code point of
// the set against string-width itself.

// Text-style symbols that string-width 7 (wrap-ansi's copy) counts as emoji, two cells: left to it.
const EMOJI_CAPABLE = new Set([
  0xa9, 0xae, 0x203c, 0x2049, 0x2194, 0x2195, 0x2196, 0x2197, 0x2198, 0x2199, 0x21a9, 0x21aa, 0x25aa, 0x25ab, 0x25b6,
  0x25c0, 0x25fb, 0x25fc, 0x2714, 0x2716,
]);

/** Is this UTF-16 code unit one terminal cell on its own, with string-width's default options? */
export function isNarrowUnit(code) {
  if (EMOJI_CAPABLE.has(code)) return false;
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0x2ff && code !== 0xad) ||
    (code >= 0x2010 && code <= 0x2027) ||
    (code >= 0x2030 && code <= 0x205e) ||
    (code >= 0x2190 && code <= 0x21ff) ||
    (code >= 0x2500 && code <= 0x25fc) ||
    code === 0x2713 ||
    code === 0x2717 ||
    (code >= 0x2758 && code <= 0x2762) ||
    (code >= 0x2765 && code <= 0x2775)
  );
}

// Colours and text styles (SGR), which the app's pre-styled lines carry and which take no cells.
const STYLE = /\u001B\[[0-9;]*m/g;

/** The width of text made only of such units (and styles), or -1 when string-width must decide. */
export function narrowWidth(text, options) {
  if (typeof text !== 'string') return -1;
  if (options && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes)) return -1;
  const plain = text.includes('\u001B') ? text.replace(STYLE, '') : text;
  for (let i = 0; i < plain.length; i++) if (!isNarrowUnit(plain.charCodeAt(i))) return -1;
  return plain.length;
}
