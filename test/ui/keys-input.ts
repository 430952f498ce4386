/** What a terminal sends for each key. */
export const KEY = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  end: '\u001B[F',
  ctrlC: '\u0003',
  backspace: '\u007F',
} as const;

/** Lets ink attach its input listener (and React flush effects) before keys are sent. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
