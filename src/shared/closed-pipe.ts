/**
 * `kong-workshop … | head -1`: when the reader goes away, stdout (or stderr) fails with EPIPE.
 * That is the reader's choice, not a fault, so the process ends at once, quietly and with 0,
 * instead of crashing with a stack trace. Exiting runs the exec module's exit hook, which stops
 * any lesson command still running. Other stream errors are real and still surface.
 */
export function endQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]) {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0);
      throw error;
    });
  }
}
