import { useInput } from 'ink';

/**
 * A yes/no question: y says yes, n or Esc says no. Enter says yes only where yes is the safe
 * default (re-checking); trusting a lesson or spoiling a solution takes a deliberate y.
 */
export function useChoiceInput(active: boolean, choose: (yes: boolean) => void, enterIsYes = false): void {
  useInput(
    (input, key) => {
      if (key.ctrl) return;
      if (input === 'y' || input === 'Y' || (enterIsYes && key.return)) choose(true);
      else if (input === 'n' || input === 'N' || key.escape) choose(false);
    },
    { isActive: active },
  );
}
