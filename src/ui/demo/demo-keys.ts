import { nextPosition, previousPosition, type DemoState } from '../../demo/index.js';
import { decodeKey, keyGroup, type KeyGroup, type KeyHint, type KeyMap, type KeyPress } from '../keys.js';

export type DemoAction =
  | 'primary'
  | 'run'
  | 'check'
  | 'next'
  | 'previous'
  | 'pause'
  | 'notes'
  | 'full'
  | 'help'
  | 'quit'
  | 'interrupt';

const DEMO_KEYS: KeyMap<DemoAction> = {
  named: { return: 'primary', rightArrow: 'next', pageDown: 'next', leftArrow: 'previous', pageUp: 'previous' },
  chars: {
    ' ': 'pause',
    n: 'next',
    p: 'previous',
    r: 'run',
    c: 'check',
    o: 'notes',
    f: 'full',
    '?': 'help',
    q: 'quit',
  },
};

/**
 * The presenter's keys: few, big, and forgiving. Enter does the next thing; arrows move; space
 * pauses. A presentation remote sends Page Down / Page Up (or arrows): they move too.
 */
export function demoAction(input: string, key: KeyPress): DemoAction | undefined {
  return decodeKey(input, key, DEMO_KEYS);
}

// Its own list, not the workshop's: a presenter has other keys (no hints, no scrolling, a remote's PgUp/PgDn).
/** Every key of demo mode, for the `?` overlay. */
export const DEMO_KEY_GROUPS: readonly KeyGroup[] = [
  keyGroup('Presenting', [
    [
      'Enter',
      'the next thing: type and run the step, or (once it passed) go to the next slide; ' +
        'while typing, finish typing',
    ],
    ['→  n  PgDn', 'next slide, without running this one'],
    ['←  p  PgUp', 'previous slide'],
    ['Space', 'pause or go on: typing and the auto-advance countdown wait'],
    ['r', 'run the step again'],
    ['c', 'run only its checks, live'],
    ['o', 'show or hide the presenter notes'],
    ['f', 'the slide in full, in a pager: what the screen left out (… N more lines)'],
  ]),
  keyGroup('Anywhere', [
    ['Ctrl-C', 'stop the typing and the running command; again to quit'],
    ['?', 'this list'],
    ['q', 'quit the demo (asks first)'],
  ]),
];

/** The keys that matter now, most useful first; the help bar shows as many as fit. */
export function demoHints(state: DemoState, notesShown: boolean, hasNotes: boolean): KeyHint[] {
  if (state.phase === 'fast-forward')
    return [
      { keys: 'Ctrl-C', label: 'stop here', primary: true },
      { keys: '?', label: 'keys' },
    ];
  if (state.typing)
    return [
      { keys: 'Enter', label: 'finish typing', primary: true },
      { keys: 'Space', label: state.paused ? 'go on' : 'pause' },
      { keys: 'Ctrl-C', label: 'stop' },
      { keys: '?', label: 'keys' },
    ];
  if (state.activity !== 'idle')
    return [
      { keys: 'Ctrl-C', label: 'stop', primary: true },
      { keys: 'Space', label: state.paused ? 'go on' : 'pause' },
      { keys: '?', label: 'keys' },
    ];
  const { lesson, step } = state.position;
  const status = state.runs[lesson]?.steps[step]?.status ?? 'pending';
  const onCard = step < 0;
  const done = status === 'passed' || status === 'skipped';
  const hints: KeyHint[] = [];
  const atEnd = (onCard || done) && !nextPosition(state.lessons, state.position);
  // A step that only checks has nothing to type.
  const types = state.lessons[lesson]?.steps[step]?.blocks.some((block) => block.type === 'run') ?? true;
  const first = types ? 'type & run' : 'run the checks';
  if (!atEnd)
    hints.push({
      keys: 'Enter',
      label: onCard || done ? 'next' : status === 'pending' ? first : 'run again',
      primary: true,
    });
  if (!onCard && !done && nextPosition(state.lessons, state.position)) hints.push({ keys: '→', label: 'skip' });
  if (previousPosition(state.lessons, state.position)) hints.push({ keys: '←', label: 'back' });
  if (!onCard && done) hints.push({ keys: 'r', label: 'run again' });
  if (!onCard) hints.push({ keys: 'c', label: 'check' });
  if (hasNotes) hints.push({ keys: 'o', label: notesShown ? 'hide notes' : 'notes' });
  if (state.autoAdvance) hints.push({ keys: 'Space', label: state.paused ? 'go on' : 'pause' });
  hints.push({ keys: '?', label: 'keys' }, { keys: 'q', label: atEnd ? 'end the demo' : 'quit', primary: atEnd });
  return hints;
}
