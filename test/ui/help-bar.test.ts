import { describe, expect, it } from 'vitest';
import { helpBarLine } from '../../src/ui/help-bar.js';
import { lessonHints } from '../../src/ui/keys.js';
import { lineText, lineWidth } from '../../src/ui/styled-text.js';

const failed = lessonHints({
  activity: 'idle',
  status: 'failed',
  isLast: false,
  complete: false,
  hasHint: true,
  hasSolution: true,
  hasChecks: true,
});

describe('the help bar', () => {
  it('drops the less useful keys first on a narrow terminal, never Esc, q or ?', () => {
    for (const width of [120, 80, 60, 40]) {
      const bar = helpBarLine(failed, width);
      expect(lineWidth(bar)).toBeLessThanOrEqual(width);
      expect(lineText(bar)).toMatch(/ Esc {2}lessons {3}q {2}quit {3}\? {2}keys$/);
      if (width >= 60) expect(lineText(bar)).toMatch(/^ Enter {2}run again/);
    }
    expect(lineText(helpBarLine(failed, 130))).toContain('n/p  steps');
    expect(lineText(helpBarLine(failed, 80))).not.toContain('n/p  steps');
    // Too narrow for more: the ways out and the key list.
    expect(lineText(helpBarLine(failed, 40))).toBe(' Esc  lessons   q  quit   ?  keys');
  });

  it('keeps the hints in their order, the key list last', () => {
    const text = lineText(helpBarLine(failed, 200));
    expect(text).toBe(
      ' Enter  run again   h  hint   S  solution   c  check   !  shell   s  skip   n/p  steps   Esc  lessons   ' +
        'q  quit   ?  keys',
    );
  });
});
