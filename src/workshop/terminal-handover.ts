/**
 * Lends the terminal to a program of the learner's (their shell, their pager) while `use` runs:
 * this process stops reading it meanwhile (a read from the background while another program owns
 * the terminal ends in EIO) and ignores the terminal errors of that time, then the caller's app
 * picks it up again.
 */
export async function withTerminalLent<T>(use: () => Promise<T>, stdin: NodeJS.ReadStream = process.stdin): Promise<T> {
  const ignoreTtyErrors = () => {};
  if (stdin.isTTY) {
    stdin.setRawMode(false);
    stdin.pause();
    stdin.on('error', ignoreTtyErrors);
  }
  try {
    return await use();
  } finally {
    stdin.off('error', ignoreTtyErrors);
  }
}
