/**
 * Keys typed before the workshop's ink app is mounted. A learner who starts the workshop and
 * types at once (Enter, j j) expects those keys to count: the entry holds the terminal in raw
 * mode from its first lines and keeps every byte, and the app replays them once it reads input.
 * Without this the keys are echoed over the first frame and lost.
 */

const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const CTRL_C = 0x03;

let held: Buffer[] | undefined;
let onData: ((chunk: Buffer) => void) | undefined;

/** Starts keeping keys, when input and output are a terminal. Safe to call once, early. */
export function holdEarlyInput(stdin: NodeJS.ReadStream = process.stdin): void {
  if (held || !stdin.isTTY || !process.stdout.isTTY) return;
  held = [];
  stdin.setRawMode(true);
  onData = (chunk: Buffer) => {
    // Raw mode turns Ctrl-C into a byte: before the app exists it still means "stop".
    if (chunk.includes(CTRL_C)) {
      stdin.setRawMode(false);
      process.stdout.write(LEAVE_ALT_SCREEN);
      process.exit(130);
    }
    held?.push(chunk);
  };
  stdin.on('data', onData);
  // Keeping keys must not keep the process alive: a command that ends before the app mounts ends.
  stdin.unref();
  process.once('exit', () => {
    if (onData && stdin.isTTY) stdin.setRawMode(false);
  });
}

/**
 * Stops keeping keys and returns what was typed (undefined when nothing was held). The stream is
 * left paused and in raw mode, so nothing typed from now on is lost either: it waits in the
 * stream for the app's reader.
 */
export function takeEarlyInput(stdin: NodeJS.ReadStream = process.stdin): Buffer | undefined {
  if (!held || !onData) return undefined;
  stdin.off('data', onData);
  stdin.pause();
  onData = undefined;
  const bytes = Buffer.concat(held);
  held = undefined;
  return bytes.length > 0 ? bytes : undefined;
}

/** Lets go of the terminal without an app (the command went headless or failed). */
export function releaseEarlyInput(stdin: NodeJS.ReadStream = process.stdin): void {
  if (!onData) return;
  takeEarlyInput(stdin);
  if (stdin.isTTY) stdin.setRawMode(false);
}
