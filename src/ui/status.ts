import { assertNever } from '../shared/index.js';
import type { Tone } from './theme.js';

/** Every status any screen shows: steps, commands, checks, targets. */
export type Status =
  | 'pending'
  | 'running'
  | 'passed'
  | 'failed'
  | 'error'
  | 'skipped'
  | 'stale'
  | 'cancelled'
  | 'ok'
  | 'timed-out'
  | 'ready'
  | 'down'
  | 'unknown';

export interface StatusMark {
  /** One cell wide; always shown, so status never depends on colour. */
  readonly icon: string;
  readonly tone: Tone | undefined;
  /** The word for it, for places with room to say it. */
  readonly label: string;
}

const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The icon, tone and word for a status; `frame` animates the spinner of running work. */
export function statusMark(status: Status, frame = 0): StatusMark {
  switch (status) {
    case 'pending':
      return { icon: '○', tone: 'muted', label: 'to do' };
    case 'running':
      return { icon: SPINNER_FRAMES[frame % SPINNER_FRAMES.length]!, tone: 'running', label: 'running' };
    case 'passed':
      return { icon: '✓', tone: 'success', label: 'passed' };
    case 'ok':
      return { icon: '✓', tone: 'success', label: 'ok' };
    case 'failed':
      return { icon: '✗', tone: 'failure', label: 'failed' };
    case 'error':
      return { icon: '!', tone: 'failure', label: 'error' };
    case 'timed-out':
      return { icon: '!', tone: 'failure', label: 'timed out' };
    case 'skipped':
      return { icon: '»', tone: 'muted', label: 'skipped' };
    case 'stale':
      return { icon: '✓', tone: 'muted', label: 'passed earlier' };
    case 'cancelled':
      return { icon: '■', tone: 'warning', label: 'stopped' };
    case 'ready':
      return { icon: '●', tone: 'success', label: 'ready' };
    case 'down':
      return { icon: '○', tone: 'warning', label: 'not running' };
    case 'unknown':
      return { icon: '?', tone: 'muted', label: 'checking' };
    default:
      return assertNever(status);
  }
}
