import { constants } from 'node:os';
// The exec module's vocabulary without its I/O (execa, shell sessions, crypto): for callers that
// only need a name, such as the short sandbox commands, which must start fast.

/** Set in every lesson command's environment, so that its descendants can be found wherever they went. */
export const RUN_MARKER_ENV = 'KONG_WORKSHOP_RUN';

/** What a shell reports for a process killed by a signal: 128 + its number. */
export function exitCodeForSignal(signal: string): number {
  const number = (constants.signals as Record<string, number | undefined>)[signal];
  return 128 + (number ?? 0);
}
