import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
// wrap-ansi's own copy, the older major version the bundle also wraps.
import stringWidthSeven from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';
import { isNarrowUnit, narrowWidth } from '../../stubs/string-width-fast.js';

describe("the bundle's fast path in front of string-width", () => {
  it('counts one cell for every code unit of its set, as both string-width versions do', () => {
    const disagreements: string[] = [];
    let covered = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (!isNarrowUnit(code)) continue;
      covered++;
      const text = String.fromCharCode(code);
      if (stringWidth(text) !== 1 || stringWidthSeven(text) !== 1) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
    expect(covered).toBeGreaterThan(1000);
  });

  it('skips colour and style codes the way string-width strips them', () => {
    const line =
      '\u001B[1m\u001B[36m❯ \u001B[39m\u001B[22m\u001B[90m○ \u001B[39m' + '\u001B[1m0. Set up your gateway\u001B[22m';
    expect(narrowWidth(line)).toBe(stringWidth(line));
    expect(narrowWidth(line)).toBe(26);
  });

  it('leaves everything else to string-width', () => {
    for (const text of [
      '日本語',
      '✅ done',
      'e\u0301',
      'a\u001B[2Kb',
      '\u001B]8;;https://x\u0007link',
      'a\tb',
      '\u00AD',
    ])
      expect(narrowWidth(text), JSON.stringify(text)).toBe(-1);
    expect(narrowWidth('…', { ambiguousIsNarrow: false })).toBe(-1);
    expect(narrowWidth('\u001B[1mx', { countAnsiEscapeCodes: true })).toBe(-1);
  });
});
