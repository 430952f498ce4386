import { useInput } from 'ink';
import { useState } from 'react';
import { Lines } from '../Lines.js';
import { blankLine, span, truncateLine, wrapLine, type Line } from '../styled-text.js';
import type { TerminalSize } from '../use-terminal-size.js';
import { DEMO_KEY_GROUPS } from './demo-keys.js';

/** Every key of demo mode on one screen (scrolls on a small terminal); any other key closes it. */
export function DemoHelp({ size, onClose }: { readonly size: TerminalSize; readonly onClose: () => void }) {
  const [top, setTop] = useState(0);
  const all = demoHelpLines(size.columns);
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
  return <Lines lines={[[span('Demo keys', { bold: true })], ...shown, footer]} />;
}

export function demoHelpLines(width: number): Line[] {
  const keyWidth = Math.max(...DEMO_KEY_GROUPS.flatMap((group) => group.keys.map((hint) => hint.keys.length))) + 2;
  const lines: Line[] = [];
  for (const group of DEMO_KEY_GROUPS) {
    if (lines.length) lines.push(blankLine);
    lines.push([span(group.title, { tone: 'heading', bold: true })]);
    for (const hint of group.keys) {
      lines.push(...wrapLine([span(`  ${hint.keys.padEnd(keyWidth)}`, { bold: true }), span(hint.label)], width, [span(' '.repeat(keyWidth + 2))]));
    }
  }
  return lines;
}
