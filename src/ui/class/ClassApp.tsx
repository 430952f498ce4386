import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { ClassView } from '../../class/index.js';
import { Lines } from '../Lines.js';

import { useTerminalSize } from '../use-terminal-size.js';
import { classViewLines } from './class-lines.js';

export type FollowClass = (onView: (view: ClassView | undefined) => void) => () => void;

/**
 * The instructor's terminal: follows the class over server-sent events and redraws on every
 * view (the server folds bursts into one a tenth of a second later) and once a second for the
 * countdowns. ↑/↓ scroll a class taller than the terminal; q quits.
 */
export function ClassApp({
  follow,
  url,
  now = Date.now,
}: {
  readonly follow: FollowClass;
  readonly url?: string;
  readonly now?: () => number;
}) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [view, setView] = useState<ClassView | undefined>();
  const [connected, setConnected] = useState(false);
  const [, setTick] = useState(0);
  const [scroll, setScroll] = useState(0);
  useEffect(
    () =>
      follow((next) => {
        setConnected(next !== undefined);
        if (next) setView(next);
      }),
    [follow],
  );
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const lines = classViewLines(view, { width: columns, now: now(), connected, url });
  const room = Math.max(1, rows - 2);
  const top = Math.min(scroll, Math.max(0, lines.length - room));
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) exit();
    else if (key.downArrow || input === 'j') setScroll(Math.min(top + 1, Math.max(0, lines.length - room)));
    else if (key.upArrow || input === 'k') setScroll(Math.max(0, top - 1));
  });
  return (
    <Box flexDirection="column">
      <Lines lines={lines.slice(top, top + room)} />
      <Text dimColor>{lines.length > room ? '↑/↓ scroll · q quit' : 'q quit'}</Text>
    </Box>
  );
}
