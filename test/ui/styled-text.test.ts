import { describe, expect, it } from 'vitest';
import { breakLine, fitLine, lineText, lineWidth, span, truncateLine, wrapLine } from '../../src/ui/styled-text.js';

const text = (lines: readonly (readonly { text: string }[])[]) =>
  lines.map((line) => line.map((part) => part.text).join(''));

describe('lines', () => {
  it('wraps words to the width, keeping styles per word', () => {
    const lines = wrapLine(
      [span('Kong checks '), span('credentials', { bold: true }), span(' before a request reaches your service.')],
      20,
    );
    expect(text(lines)).toEqual(['Kong checks', 'credentials before a', 'request reaches your', 'service.']);
    expect(lines[1]![0]).toMatchObject({ text: 'credentials', bold: true });
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(20);
  });

  it('indents continuation lines and breaks a word longer than a line', () => {
    expect(text(wrapLine([span('• '), span('a-very-long-identifier-that-never-ends here')], 12, [span('  ')]))).toEqual(
      ['• a-very-lon', '  g-identifi', '  er-that-ne', '  ver-ends', '  here'],
    );
  });

  it('counts wide characters as two cells', () => {
    expect(lineWidth([span('日本語')])).toBe(6);
    const lines = wrapLine([span('日本語 のテキスト')], 6);
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(6);
    expect(text(lines).join('')).toBe('日本語のテキスト');
  });

  it('truncates with an ellipsis, and pads to an exact width', () => {
    expect(lineText(truncateLine([span('hello '), span('world', { bold: true })], 8))).toBe('hello w…');
    expect(lineText(truncateLine([span('short')], 8))).toBe('short');
    expect(lineWidth(fitLine([span('ab')], 5))).toBe(5);
    expect(truncateLine([span('x')], 0)).toEqual([]);
  });

  it('breaks output lines at the width without reflowing their spaces', () => {
    expect(text(breakLine([span('| '), span('a  b  c  d  e  f')], 8, [span('| ')]))).toEqual([
      '| a  b  ',
      '| c  d  ',
      '| e  f',
    ]);
  });
});
