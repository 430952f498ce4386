import { constants } from 'node:os';

/**
 * The fallback for SIGINT, SIGTERM and SIGHUP in every command: exit with the shell's code for
 * the signal (130, 143, 129). Node's default would end the process without its 'exit' event, and
 * that event is where the exec module kills the process groups of lesson commands still running;
 * exiting instead runs it. A command with its own handling (a headless run, the workshop, the
 * sandbox in the foreground, the class server) registers its own listener, and this one then
 * stands aside.
 */
export function exitOnStopSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const fallback = () => {
      if (process.listenerCount(signal) === 1) process.exit(128 + (constants.signals[signal] ?? 0));
    };
    process.on(signal, fallback);
  }
}
