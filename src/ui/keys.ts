import type { Key } from 'ink';
import { isSettled, type StepProgress } from '../engine/model.js';
import type { LessonActivity } from '../workshop/index.js';

/** The key facts the handlers read; ink's Key, or a test's. */
export type KeyPress = Partial<
  Pick<
    Key,
    | 'upArrow'
    | 'downArrow'
    | 'leftArrow'
    | 'rightArrow'
    | 'pageUp'
    | 'pageDown'
    | 'home'
    | 'end'
    | 'return'
    | 'escape'
    | 'ctrl'
    | 'shift'
    | 'tab'
    | 'backspace'
    | 'delete'
  >
>;

export type LessonAction =
  | 'primary'
  | 'run'
  | 'check'
  | 're-check-all'
  | 'skip'
  | 'hint'
  | 'solution'
  | 'next'
  | 'previous'
  | 'text-up'
  | 'text-down'
  | 'output-up'
  | 'output-down'
  | 'output-end'
  | 'full'
  | 'home'
  | 'help'
  | 'quit'
  | 'shell'
  | 'interrupt';

export type HomeAction = 'up' | 'down' | 'open' | 'target' | 'help' | 'quit' | 'interrupt';

/** The keys ink reports as flags on `key` rather than as a typed character. */
type NamedKey =
  | 'return'
  | 'escape'
  | 'upArrow'
  | 'downArrow'
  | 'leftArrow'
  | 'rightArrow'
  | 'pageUp'
  | 'pageDown'
  | 'end';

/** One screen's keys: what each named key and each typed character does there. */
export interface KeyMap<Action extends string> {
  readonly named: Readonly<Partial<Record<NamedKey, Action>>>;
  readonly chars: Readonly<Record<string, Action>>;
}

/**
 * The action a key press means on a screen with `map`. Ctrl-C is the same on every screen:
 * it interrupts (the screen decides what that stops), so no map can rebind it.
 */
export function decodeKey<Action extends string>(
  input: string,
  key: KeyPress,
  map: KeyMap<Action>,
): Action | 'interrupt' | undefined {
  if (key.ctrl && input === 'c') return 'interrupt';
  for (const [name, action] of Object.entries(map.named) as [NamedKey, Action][]) {
    if (key[name]) return action;
  }
  return Object.hasOwn(map.chars, input) ? map.chars[input] : undefined;
}

/**
 * Every action of one read from the terminal, in order. Keys typed fast (or pasted, or replayed
 * after start-up) arrive as one string such as `jjjjj`: each character is a key of its own.
 */
function decodeKeys<Action extends string>(
  input: string,
  key: KeyPress,
  map: KeyMap<Action>,
): (Action | 'interrupt')[] {
  // Enter typed before the workshop put the terminal in raw mode arrives as the terminal's
  // cooked-mode newline, `\n`, not `\r`: it is still Enter.
  if (input === '\n' && !key.ctrl) return map.named.return === undefined ? [] : [map.named.return];
  const one = decodeKey(input, key, map);
  if (one !== undefined || input.length < 2 || key.ctrl || key.escape) return one === undefined ? [] : [one];
  return [...input].flatMap((char) => {
    const action = char === '\r' || char === '\n' ? map.named.return : decodeKey(char, {}, map);
    return action === undefined ? [] : [action];
  });
}

const LESSON_KEYS: KeyMap<LessonAction> = {
  named: {
    return: 'primary',
    escape: 'home',
    rightArrow: 'next',
    leftArrow: 'previous',
    upArrow: 'text-up',
    downArrow: 'text-down',
    pageUp: 'output-up',
    pageDown: 'output-down',
    end: 'output-end',
  },
  chars: {
    r: 'run',
    c: 'check',
    C: 're-check-all',
    s: 'skip',
    h: 'hint',
    S: 'solution',
    n: 'next',
    p: 'previous',
    k: 'text-up',
    j: 'text-down',
    u: 'output-up',
    d: 'output-down',
    G: 'output-end',
    o: 'full',
    b: 'home',
    '?': 'help',
    q: 'quit',
    '!': 'shell',
  },
};

/** Every lesson action of one read, in order (see decodeKeys). */
export function lessonActions(input: string, key: KeyPress): LessonAction[] {
  return decodeKeys(input, key, LESSON_KEYS);
}

const HOME_KEYS: KeyMap<HomeAction> = {
  named: { return: 'open', rightArrow: 'open', upArrow: 'up', downArrow: 'down', escape: 'quit' },
  chars: { k: 'up', j: 'down', t: 'target', '?': 'help', q: 'quit' },
};

/** Every home action of one read, in order (see decodeKeys). */
export function homeActions(input: string, key: KeyPress): HomeAction[] {
  return decodeKeys(input, key, HOME_KEYS);
}

export interface KeyHint {
  readonly keys: string;
  readonly label: string;
  /** Drawn stronger: the thing to do next. */
  readonly primary?: boolean;
  /** Never dropped from a narrow help bar: the ways out (Esc, q) must always show. */
  readonly keep?: boolean;
}

/** A titled part of the `?` overlay. */
export interface KeyGroup {
  readonly title: string;
  readonly keys: readonly KeyHint[];
}

/** A group of the `?` overlay, written as rows of [keys, what they do]. */
export function keyGroup(title: string, rows: readonly (readonly [keys: string, label: string])[]): KeyGroup {
  return { title, keys: rows.map(([keys, label]) => ({ keys, label })) };
}

/** Every key of the workshop, for the `?` overlay. */
export const KEY_GROUPS: readonly KeyGroup[] = [
  keyGroup('Anywhere', [
    ['Ctrl-C', 'stop the running command; again to quit'],
    ['Esc  b', 'back to the lesson list'],
    ['?', 'this list'],
    ['q', 'quit (progress is saved)'],
  ]),
  keyGroup('Lesson', [
    ['Enter', 'run the step; once it passed, go to the next one'],
    ['r', 'run the step (again)'],
    ['c', 'run only its checks (after doing it by hand, or to try again)'],
    ['C', 'run again the checks of every step that passed'],
    ['s', 'skip the step'],
    ['h', 'show or hide the hint'],
    ['S', 'show the solution (asks first)'],
    ['!', "your shell, with the lesson's environment"],
    ['n  →', 'next step (from the introduction: step 1)'],
    ['p  ←', 'previous step (from step 1: the introduction)'],
  ]),
  keyGroup('Scrolling', [
    ['↑ ↓  k j', 'scroll the lesson text'],
    ['PgUp PgDn  u d', 'scroll the output'],
    ['End  G', 'follow the output as it comes'],
    ['o', 'open the output in full, in a pager (e there hands it to $PAGER)'],
  ]),
  keyGroup('Home', [
    ['↑ ↓', 'choose a lesson'],
    ['Enter', 'open it (resumes where you left off)'],
    ['t', 'switch the target'],
    ['R', 'start the sandbox again, when it stopped'],
  ]),
];

export interface LessonKeyContext {
  readonly activity: LessonActivity;
  readonly status: StepProgress;
  readonly isLast: boolean;
  readonly complete: boolean;
  readonly hasHint: boolean;
  /** The hint is open: h hides it. */
  readonly hintShown?: boolean;
  readonly hasSolution: boolean;
  readonly hasChecks: boolean;
}

/** The keys that matter right now, most useful first; the help bar shows as many as fit. */
export function lessonHints(context: LessonKeyContext): KeyHint[] {
  const { activity, status } = context;
  if (activity === 'running' || activity === 'checking' || activity === 'rechecking') {
    return [
      { keys: 'Ctrl-C', label: 'stop', primary: true },
      { keys: 'PgUp/PgDn', label: 'output' },
      { keys: '↑↓', label: 'text' },
      { keys: '?', label: 'keys' },
    ];
  }
  if (activity === 'starting') return [{ keys: 'q', label: 'quit', keep: true }];
  const hint: KeyHint = { keys: 'h', label: context.hintShown ? 'hide hint' : 'hint' };
  const hints: KeyHint[] = [];
  const done = status !== 'running' && isSettled(status);
  if (done) {
    hints.push(
      context.isLast
        ? { keys: 'Enter', label: context.complete ? 'finish' : 'lessons', primary: true }
        : { keys: 'Enter', label: 'next step', primary: true },
    );
    hints.push({ keys: 'r', label: 'run again' });
  } else {
    hints.push({ keys: 'Enter', label: status === 'pending' ? 'run' : 'run again', primary: true });
    if (status === 'failed' || status === 'error') {
      if (context.hasHint) hints.push({ ...hint, primary: !context.hintShown });
      if (context.hasSolution) hints.push({ keys: 'S', label: 'solution' });
    }
  }
  if (context.hasChecks) hints.push({ keys: 'c', label: 'check' });
  hints.push({ keys: '!', label: 'shell' });
  if (!done) hints.push({ keys: 's', label: 'skip' });
  if (!done && status === 'pending' && context.hasHint) hints.push(hint);
  hints.push(
    { keys: 'n/p', label: 'steps' },
    { keys: 'Esc', label: 'lessons', keep: true },
    { keys: '?', label: 'keys' },
    { keys: 'q', label: 'quit', keep: true },
  );
  return hints;
}

export function homeHints(canOpen: boolean): KeyHint[] {
  return [
    ...(canOpen ? [{ keys: 'Enter', label: 'open', primary: true }] : []),
    { keys: '↑↓', label: 'choose' },
    { keys: 't', label: 'target' },
    { keys: '?', label: 'keys' },
    { keys: 'q', label: 'quit', keep: true },
  ];
}
