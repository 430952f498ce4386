import { describe, expect, it } from 'vitest';
import { loadHighlighter } from '../../src/ui/highlight.js';
import { lineText } from '../../src/ui/styled-text.js';

describe('syntax highlighting', () => {
  it('tones YAML keys, strings and numbers, and keeps every character', async () => {
    const highlight = await loadHighlighter();
    const code = 'plugins:\n  - name: key-auth\n    config: { minute: 5 }';
    const lines = highlight(code, 'yaml')!;
    expect(lines.map(lineText)).toEqual(code.split('\n'));
    expect(lines[0]!.find((part) => part.text.startsWith('plugins'))?.tone).toBe('attribute');
    expect(lines[2]!.find((part) => part.text === '5')?.tone).toBe('number');
  });

  it('knows shell by its common names, and declines languages it does not know', async () => {
    const highlight = await loadHighlighter();
    for (const lang of ['sh', 'bash', 'shell'])
      expect(highlight('echo "hi" # done', lang)?.[0]?.some((part) => part.tone === 'string')).toBe(true);
    expect(highlight('whatever', 'no-such-language')).toBeUndefined();
    expect(highlight('plain', '')).toBeUndefined();
  });
});
