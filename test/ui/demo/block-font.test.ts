import { describe, expect, it } from 'vitest';
import { blockTextRows, blockWidth, canDraw } from '../../../src/ui/demo/block-font.js';
import { titleLines } from '../../../src/ui/demo/big-title.js';
import { lineText } from '../../../src/ui/styled-text.js';

describe('the block font', () => {
  it('draws a 3×5 letter in three rows of half blocks', () => {
    expect(blockTextRows('A', 80, 1)).toEqual(['▄▀▄', '█▀█', '▀ ▀']);
    expect(blockTextRows('e', 80, 1)).toEqual(['█▀▀', '█▀', '▀▀▀']);
    expect(blockTextRows('Hi!', 80, 1)).toEqual(['█ █ ▀█▀ █', '█▀█  █  ▀', '▀ ▀ ▀▀▀ ▀']);
  });

  it('measures and wraps at word boundaries, within the width and the line budget', () => {
    expect(blockWidth('AB')).toBe(7);
    expect(blockWidth('A B')).toBe(3 + 4 + 3);
    for (const text of ['Ask every caller for a key', 'M W N', "alex's 2nd try"]) {
      const rows = blockTextRows(text, 200, 1)!;
      expect(Math.max(...rows.map((row) => [...row].length)), text).toBeLessThanOrEqual(blockWidth(text));
      expect(blockTextRows(text, blockWidth(text), 1), text).toBeDefined();
      expect(blockTextRows(text, blockWidth(text) - 1, 1), text).toBeUndefined();
    }
    const rows = blockTextRows('Give each consumer a limit', 80, 2)!;
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => [...row].length <= 80)).toBe(true);
    expect(blockTextRows('Give each consumer a limit', 80, 1)).toBeUndefined();
  });

  it('draws typographic apostrophes and dashes, and gives up on what it cannot draw', () => {
    expect(canDraw('Spend alex’s minute — now')).toBe(true);
    expect(canDraw('Über')).toBe(false);
    expect(blockTextRows('Über', 80, 2)).toBeUndefined();
    expect(blockTextRows('KonnectAPIAuthConfigurationWithAVeryLongName', 80, 2)).toBeUndefined();
  });
});

describe('titleLines', () => {
  it('uses big letters when they fit, plain bold otherwise, and the text reads either way', () => {
    expect(titleLines('Turn on key-auth', 80, 6)).toHaveLength(3);
    const narrow = titleLines('Turn on key-auth', 30, 6);
    expect(narrow.map(lineText)).toEqual(['Turn on key-auth']);
    expect(narrow[0]![0]).toMatchObject({ bold: true });
    expect(titleLines('Give each consumer a limit', 80, 3).map(lineText)).toEqual(['Give each consumer a limit']);
    expect(titleLines('Give each consumer a limit', 80, 1).map(lineText)).toEqual(['Give each consumer a limit']);
  });
});
