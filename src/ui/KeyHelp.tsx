import { useInput } from 'ink';
import { useState } from 'react';
import type { KeyGroup } from './keys.js';
import { blankLine, span, truncateLine, wrapLine, type Line } from './styled-text.js';
import { Lines } from './Lines.js';
import type { TerminalSize } from './use-terminal-size.js';

export interface KeyHelpProps {
  /** The overlay's heading: which mode these keys belong to. */
  readonly title: string;
  readonly groups: readonly KeyGroup[];
  readonly size: TerminalSize;
  readonly onClose: () => void;
}

/** Every key of a mode on one screen (scrolls on a small terminal); any other key closes it. */
export function KeyHelp({ title, groups, size, onClose }: KeyHelpProps) {
  const [top, setTop] = useState(0);
  const all = keyHelpLines(groups, size.columns);
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
  const footer = truncateLine(
    [span(max > 0 ? '↑↓ scroll · any other key closes' : 'any key closes', { tone: 'muted' })],
    size.columns,
  );
  return <Lines lines={[[span(title, { bold: true })], ...shown, footer]} />;
}

/** The groups as lines: titles, then each key beside what it does, labels wrapped under labels. */
function keyHelpLines(groups: readonly KeyGroup[], width: number): Line[] {
  const keyWidth = Math.max(...groups.flatMap((group) => group.keys.map((hint) => hint.keys.length))) + 2;
  const lines: Line[] = [];
  for (const group of groups) {
    if (lines.length) lines.push(blankLine);
    lines.push([span(group.title, { tone: 'heading', bold: true })]);
    for (const hint of group.keys) {
      lines.push(
        ...wrapLine([span(`  ${hint.keys.padEnd(keyWidth)}`, { bold: true }), span(hint.label)], width, [
          span(' '.repeat(keyWidth + 2)),
        ]),
      );
    }
  }
  return lines;
}
