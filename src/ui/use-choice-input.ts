import { useInput } from 'ink';
import { useLatest } from './use-latest.js';

/**
 * A yes/no question: y says yes, n or Esc says no. Enter says yes only where yes is the safe
 * default (re-checking); trusting a lesson or spoiling a solution takes a deliberate y.
 */
export function useChoiceInput(active: boolean, choose: (yes: boolean) => void, enterIsYes = false): void {
  const latest = useLatest({ active, choose });
  useInput((input, key) => {
    if (!latest.current.active || key.ctrl) return;
    if (input === 'y' || input === 'Y' || (enterIsYes && key.return)) latest.current.choose(true);
    else if (input === 'n' || input === 'N' || key.escape) latest.current.choose(false);
  });
}
