/**
 * Keys typed before the workshop's ink app is mounted. A learner who starts the workshop and
 * types at once (Enter, j j) expects those keys to count: the entry holds the terminal in raw
 * mode from its first lines and keeps every byte, and the app replays them once it reads input.
 * Without this the keys are echoed over the first frame and lost.
 */

const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const CTRL_C = 0x03;

let held: Buffer[] | undefined;
let onReadable: (() => void) | undefined;

/** Starts keeping keys, when input and output are a terminal. Safe to call once, early. */
export function holdEarlyInput(stdin: NodeJS.ReadStream = process.stdin): void {
  if (held || !stdin.isTTY || !process.stdout.isTTY) return;
  held = [];
  stdin.setRawMode(true);
  // 'readable', not 'data': the stream stays in paused mode, as ink expects to find it, and a
  // byte that comes between this reader and ink's waits in the stream instead of being dropped.
  onReadable = () => {
    for (let chunk = stdin.read(); chunk !== null; chunk = stdin.read()) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      // Raw mode turns Ctrl-C into a byte: before the app exists it still means "stop".
      if (bytes.includes(CTRL_C)) {
        stdin.setRawMode(false);
        process.stdout.write(LEAVE_ALT_SCREEN);
        process.exit(130);
      }
      held?.push(bytes);
    }
  };
  stdin.on('readable', onReadable);
  // Keeping keys must not keep the process alive: a command that ends before the app mounts ends.
  stdin.unref();
  process.once('exit', () => {
    if (onReadable && stdin.isTTY) stdin.setRawMode(false);
  });
}

/**
 * Stops keeping keys and returns what was typed (undefined when nothing was held). The stream is
 * left in paused mode and raw mode, so nothing typed from now on is lost either: it waits in the
 * stream for the app's reader.
 */
export function takeEarlyInput(stdin: NodeJS.ReadStream = process.stdin): Buffer | undefined {
  if (!held || !onReadable) return undefined;
  stdin.off('readable', onReadable);
  // As it was before holding: the app's reader decides when the terminal keeps the process alive.
  stdin.ref();
  onReadable = undefined;
  const bytes = Buffer.concat(held);
  held = undefined;
  return bytes.length > 0 ? bytes : undefined;
}
