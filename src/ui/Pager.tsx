import { useInput } from 'ink';
import { useState } from 'react';
import { Lines } from './Lines.js';
import { pagerActions, pagerRows, pagerScreen, scrollPager } from './pager-screen.js';
import { span, wrapLine, type Line } from './styled-text.js';
import { useLatest } from './use-latest.js';

export interface PagerProps {
  readonly title: string;
  /** The text at a width; already masked. */
  readonly lines: (width: number) => Line[];
  readonly width: number;
  readonly height: number;
  /** The program `e` hands the text to, and why it could not, if it could not. */
  readonly external?: string;
  readonly externalError?: string;
  readonly onClose: () => void;
  /** Absent where the terminal cannot be handed over (tests, a class link): `e` then does nothing. */
  readonly onExternal?: () => void;
}

/** What a compact screen cut, in full: ↑↓ PgUp PgDn g G to read it, q or Esc to go back. */
export function Pager({ title, lines, width, height, external, externalError, onClose, onExternal }: PagerProps) {
  const [top, setTop] = useState(0);
  const error = externalError ? wrapLine([span(`✗ ${externalError}`, { tone: 'failure' })], width) : [];
  const body = [...error, ...lines(width)];
  const rows = pagerRows(height);
  const latest = useLatest({ total: body.length, rows, onClose, onExternal });
  useInput((input, key) => {
    for (const action of pagerActions(input, key)) {
      const { total, rows, onClose, onExternal } = latest.current;
      if (action === 'close') return onClose();
      if (action === 'external') return onExternal?.();
      setTop((value) => scrollPager(value, action, total, rows));
    }
  });
  return (
    <Lines lines={pagerScreen({ title, body, width, height, top, ...(onExternal && external ? { external } : {}) })} />
  );
}
