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
// Acts on the keys it knows while the app loads; see actOnEarlyKeys.
let earlyKeys: ((bytes: Buffer) => Buffer) | undefined;

/** A chunk typed before the app reads input: acted on, or held in order for the app to replay. */
function receive(bytes: Buffer): void {
  if (!held) return;
  if (earlyKeys && held.length === 0) {
    const rest = earlyKeys(bytes);
    if (rest.length === 0) return;
    // The first key the handler does not know, and every key after it, wait for the app in order.
    earlyKeys = undefined;
    held.push(rest);
    return;
  }
  held.push(bytes);
}

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
      receive(bytes);
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
 * Acts on keys before the app can: once the first frame is on screen, the handler gets each chunk
 * typed (and what was typed before it), does what it can (the home screen moves its cursor), and
 * returns the bytes from the first key it cannot handle. Those, and everything typed after them,
 * are held for the app as before, so keys still take effect in the order they were typed.
 */
export function actOnEarlyKeys(handler: (bytes: Buffer) => Buffer): void {
  if (!held) return;
  const before = Buffer.concat(held);
  held = [];
  earlyKeys = handler;
  if (before.length > 0) receive(before);
}

/**
 * Stops keeping keys and returns what was typed (undefined when nothing was held). The stream is
 * left in paused mode and raw mode, so nothing typed from now on is lost either: it waits in the
 * stream for the app's reader.
 */
export function takeEarlyInput(stdin: NodeJS.ReadStream = process.stdin): Buffer | undefined {
  if (!held || !onReadable) return undefined;
  stdin.off('readable', onReadable);
  earlyKeys = undefined;
  // As it was before holding: the app's reader decides when the terminal keeps the process alive.
  stdin.ref();
  onReadable = undefined;
  const bytes = Buffer.concat(held);
  held = undefined;
  return bytes.length > 0 ? bytes : undefined;
}
