import { describe, expect, it } from 'vitest';
import { allocate, type Section } from '../../../src/ui/demo/layout.js';
import { lineText, span, type Line } from '../../../src/ui/styled-text.js';

const lines = (name: string, count: number): Line[] =>
  Array.from({ length: count }, (_, i) => [span(`${name}${i + 1}`)]);
const shown = (sections: Section[], room: number) => allocate(sections, room).map(lineText);

describe('allocate', () => {
  it('gives every section what it needs when there is room, in their own order', () => {
    expect(
      shown(
        [
          { body: lines('a', 2), keep: 'head', min: 1, priority: 2 },
          { head: [span('──')], body: lines('b', 1), keep: 'tail', min: 1, priority: 1 },
        ],
        10,
      ),
    ).toEqual(['a1', 'a2', '──', 'b1']);
  });

  it('hands out minimums by priority, then the rest by growth order, cutting with a note', () => {
    const sections: Section[] = [
      { body: lines('prose', 6), keep: 'head', min: 3, priority: 1, grow: 3 },
      { head: [span('── terminal')], body: lines('out', 6), keep: 'tail', min: 3, priority: 2 },
      { body: lines('check', 2), keep: 'head', min: 2, priority: 3, grow: 1 },
    ];
    expect(shown(sections, 10)).toEqual([
      'prose1',
      'prose2',
      '  … 4 more lines · f shows all',
      '── terminal',
      '  … 3 lines above · f shows all',
      'out4',
      'out5',
      'out6',
      'check1',
      'check2',
    ]);
  });

  it('leaves out a section whose minimum does not fit, and never passes the room', () => {
    const sections: Section[] = [
      { body: lines('a', 4), keep: 'head', min: 4, priority: 1 },
      { body: lines('b', 4), keep: 'head', min: 3, priority: 2 },
      { body: lines('c', 1), keep: 'head', min: 1, priority: 3 },
    ];
    expect(shown(sections, 6)).toEqual(['a1', 'a2', 'a3', 'a4', 'c1']);
    expect(shown(sections, 3)).toEqual(['b1', 'b2', '  … 2 more lines · f shows all']);
    expect(allocate([], 5)).toEqual([]);
  });
});
