import type { Fault } from './types.js';

/** The fault of a check stopped by its AbortSignal: the same words for every check kind. */
export function cancelledFault(): Fault {
  return { code: 'cancelled', message: 'the check was stopped', hint: 'run it again when ready' };
}
