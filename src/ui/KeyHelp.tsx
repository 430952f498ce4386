import { useInput } from 'ink';
import { useState } from 'react';
import { KEY_GROUPS } from './keys.js';
import { blankLine, span, truncateLine, wrapLine, type Line } from './styled-text.js';
import { Lines } from './Lines.js';
import type { TerminalSize } from './use-terminal-size.js';

/** Every key on one screen (scrolls on a small terminal); any other key closes it. */
export function KeyHelp({ size, onClose }: { readonly size: TerminalSize; readonly onClose: () => void }) {
  const [top, setTop] = useState(0);
  const all = keyHelpLines(size.columns);
  const rows = size.rows - 3;
  const max = Math.max(0, all.length - rows);
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return;
    if (key.downArrow || input === 'j') return setTop((t) => Math.min(max, t + 1));
    if (key.upArrow || input === 'k') return setTop((t) => Math.max(0, t - 1));
    onClose();
  });
  const shown = all.slice(top, top + rows);
  while (shown.length < rows) shown.push(blankLine);
  const footer = truncateLine([span(max > 0 ? '↑↓ scroll · any other key closes' : 'any key closes', { tone: 'muted' })], size.columns);
  return <Lines lines={[[span('Keys', { bold: true })], ...shown, footer]} />;
}

export function keyHelpLines(width: number): Line[] {
  const keyWidth = Math.max(...KEY_GROUPS.flatMap((group) => group.keys.map((hint) => hint.keys.length))) + 2;
  const lines: Line[] = [];
  for (const group of KEY_GROUPS) {
    if (lines.length) lines.push(blankLine);
    lines.push([span(group.title, { tone: 'heading', bold: true })]);
    for (const hint of group.keys) {
      lines.push(...wrapLine([span(`  ${hint.keys.padEnd(keyWidth)}`, { bold: true }), span(hint.label)], width, [span(' '.repeat(keyWidth + 2))]));
    }
  }
  return lines;
}
