/** Set while a run is stopping on a signal: it still has progress to save after its output is gone. */
let finishingWithoutOutput = false;

/**
 * `kong-workshop … | head -1`: when the reader goes away, stdout (or stderr) fails with EPIPE;
 * a closed terminal gives EIO. That is the reader's choice, not a fault, so the process ends at
 * once, quietly and with 0, instead of crashing with a stack trace; exiting runs the exec module's
 * exit hook, which stops any lesson command still running. A run that is already stopping (a
 * hung-up terminal sends SIGHUP, then writes fail) instead carries on without its output, so that
 * it saves progress and exits with the signal's code. Other stream errors are real and surface.
 */
export function endQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]) {
  let ending = false;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      // A hang-up's SIGHUP and the first failed write race: give the signal a moment to arrive
      // before deciding that the reader simply left.
      if (ending) return;
      ending = true;
      setTimeout(() => {
        if (!finishingWithoutOutput) process.exit(0);
      }, CLOSED_OUTPUT_GRACE_MS);
    });
  }
}

const CLOSED_OUTPUT_GRACE_MS = 100;

/** Called when a stop signal arrives: from now on a closed output no longer ends the process. */
export function finishEvenWithoutOutput(): void {
  finishingWithoutOutput = true;
}
