import { useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { TrustDialog } from '../workshop/index.js';
import { useLatest } from './use-latest.js';

/**
 * How far the consent screen is scrolled: ↑/↓ (or k/j) a line, PgUp/PgDn ten. A long lesson's
 * plan is read in full, never cut off; a new question starts at its top.
 */
export function useTrustScroll(dialog: TrustDialog | undefined): number {
  const [scroll, setScroll] = useState(0);
  const latest = useLatest(dialog);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new question starts at its top
  useEffect(() => setScroll(0), [dialog]);
  useInput((input, key) => {
    if (!latest.current) return;
    const by =
      key.downArrow || input === 'j' ? 1 : key.upArrow || input === 'k' ? -1 : key.pageDown ? 10 : key.pageUp ? -10 : 0;
    if (by !== 0) setScroll((value) => Math.max(0, value + by));
  });
  return scroll;
}
