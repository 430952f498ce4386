import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/ui/cell-width.js';

describe('cell widths', () => {
  it('agrees with string-width on the text lessons and screens hold', () => {
    const samples = [
      'plain ASCII, with punctuation!',
      '✓ ✗ ● ○ ■ ◆ ◇ ◐ ❯ ▌ ━ ─ │ ╭ ⠋ ↻ ═ █ ▒ ✎ ℹ ❢ ✱ ☐ ☑ • … – “quotes”',
      'Café naïve résumé Ærø',
      '日本語のテキスト 한국어 中文',
      'ＦＵＬＬ width',
      'e\u0301 combining',
      'zero\u200Bwidth',
      '✅ ❌ ⭐ 🚀 🎉',
      'tab-less\u0007bell',
    ];
    for (const text of samples) expect(cellWidth(text), text).toBe(stringWidth(text));
  });
});
