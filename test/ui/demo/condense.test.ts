import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/lesson/index.js';
import { firstSentence, keyLines } from '../../../src/ui/demo/condense.js';
import { lineText } from '../../../src/ui/styled-text.js';

const prose = (markdown: string): Block => ({
  type: 'prose',
  id: 'p',
  markdown,
  source: { file: 'x.md', line: 1, column: 1 },
});

describe('firstSentence', () => {
  it('ends at the first full stop that ends a sentence', () => {
    expect(firstSentence('Kong checks keys. Then it counts.')).toBe('Kong checks keys.');
    expect(firstSentence('Plugins run in order, e.g. key-auth first. Then rate-limiting.')).toBe(
      'Plugins run in order, e.g. key-auth first.',
    );
    expect(firstSentence('Run `kong.sandbox. Now` and see. Done.')).toBe('Run `kong.sandbox. Now` and see.');
    expect(firstSentence('Is it up? Yes.')).toBe('Is it up?');
    expect(firstSentence('A line\nwrapped in the source. Next.')).toBe('A line wrapped in the source.');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
  });
});

describe('keyLines', () => {
  it('keeps the first sentence of each paragraph, headings and the first list items', () => {
    const blocks = [
      prose('# The lesson title\n\nKong checks **credentials** first. It never reaches the upstream otherwise.'),
      prose(
        '### Where keys go\n\n- a header named `apikey`. Most clients.\n- a query parameter\n- the body\n- a ' +
          'cookie\n- somewhere else',
      ),
      prose(
        '| a | b |\n| - | - |\n| 1 | 2 |\n\n```sh\necho hidden\n```\n\n> [!NOTE]\n> Keys are case-sensitive. Really.',
      ),
    ];
    const text = keyLines(blocks, 80).map(lineText);
    expect(text).toEqual([
      '• Kong checks credentials first.',
      '• Where keys go',
      '• a header named apikey.',
      '• a query parameter',
      '• the body',
      '• …',
      '• Keys are case-sensitive.',
    ]);
  });

  it('ends a sentence that introduced a block the slide leaves out', () => {
    expect(keyLines([prose('By hand, run this a few times:\n\n```sh\ncurl …\n```')], 80).map(lineText)).toEqual([
      '• By hand, run this a few times.',
    ]);
  });

  it('has nothing to say for a step without prose', () => {
    expect(keyLines([], 80)).toEqual([]);
  });
});
