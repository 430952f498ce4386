import { describe, expect, it } from 'vitest';
import { TITLE_CARD, type DemoState } from '../../../src/demo/index.js';
import { fastForwardScreen } from '../../../src/ui/demo/fast-forward-screen.js';
import { presenterScreen, type PresenterInput } from '../../../src/ui/demo/presenter-screen.js';
import { lineText, lineWidth, span } from '../../../src/ui/styled-text.js';
import { demoState, firstStepRan, fold, lessonStarted, talkLesson } from './fixtures.js';

const lesson = talkLesson();
const screen = (state: DemoState, extra: Partial<PresenterInput> = {}, width = 80, height = 23) =>
  presenterScreen({ state, width, height, frame: 0, notesShown: true, recording: false, ...extra }).map(lineText);
const text = (lines: readonly string[]) => lines.join('\n');

const states: Record<string, DemoState> = {
  'title card': demoState({ position: { lesson: 0, step: TITLE_CARD } }),
  'a step before it runs': demoState(),
  'a command being typed': demoState({
    activity: 'running',
    typing: { lesson: 0, step: 0, blockId: 'x', command: 'kong-workshop sandbox sync key-auth.yaml', typed: 20 },
  }),
  'a check running': demoState({ activity: 'running', runs: [fold(firstStepRan(lesson, 'running'))] }),
  'a step that passed': demoState({ runs: [fold(firstStepRan(lesson, 'passed'))] }),
  'a step that failed': demoState({ runs: [fold(firstStepRan(lesson, 'failed'))] }),
  'the last step': demoState({ position: { lesson: 0, step: 1 }, paused: true, autoAdvance: { delayMs: 5000 } }),
};

describe('the presenter view', () => {
  it('fills the terminal exactly, at every size, in every state', () => {
    for (const [name, state] of Object.entries(states)) {
      for (const [width, height] of [
        [80, 23],
        [120, 39],
        [60, 19],
        [40, 11],
      ] as const) {
        const lines = presenterScreen({ state, width, height, frame: 3, notesShown: true, recording: true });
        expect(lines, `${name} at ${width}×${height}`).toHaveLength(height);
        for (const line of lines)
          expect(lineWidth(line), `${name} at ${width}×${height}: ${lineText(line)}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('opens a lesson with its title card: summary, length, steps and the key lines of its introduction', () => {
    const lines = screen(states['title card']!);
    expect(lines[0]).toMatch(/^◆ Ask every caller for a key\s+lesson 2 · sandbox$/);
    expect(lines.slice(1, 7).join('\n')).toContain('▄▀▄');
    expect(text(lines)).toContain('Turn on key-auth and read the two ways Kong turns a request away.');
    expect(text(lines)).toContain('about 20 min · 2 steps');
    expect(text(lines)).toContain('  ○ 1. Turn on key-auth\n  ○ 2. Limit alex');
    expect(text(lines)).toContain('• Authentication belongs at the gateway.');
    expect(text(lines)).not.toContain('It happens once');
    expect(lines.at(-2)).toBe('Next ▸ 1. Turn on key-auth');
    expect(lines.at(-1)).toBe(' Enter  next   q  quit   ?  keys');
  });

  it(
    'shows a step as a slide before it runs: big title, key lines, an empty prompt, what it will check, the ' + 'notes',
    () => {
      const lines = screen(states['a step before it runs']!);
      expect(lines[0]).toMatch(/lesson 2 · step 1\/2 · sandbox$/);
      expect(lines.slice(1, 4).every((line) => /[▀▄█]/.test(line))).toBe(true);
      const all = text(lines);
      expect(all).toContain('• A plugin runs where you attach it.');
      expect(all).not.toContain('only that route');
      expect(all).toContain('── terminal · nothing has run yet');
      expect(all).toContain('$     Enter types and runs 1 command, then checks 2 things');
      expect(all).not.toContain('kong-workshop sandbox sync');
      expect(all).toContain('  ○ no key, no entry\n  ○ a wrong key is refused');
      expect(all).toContain('▌ Presenter notes  (o hides them)\n▌ Point at WWW-Authenticate: it names the scheme.');
      expect(lines.at(-1)).toMatch(/^ Enter {2}type & run {3}→ {2}skip {3}← {2}back {3}c {2}check {3}o {2}hide notes/);
      expect(text(screen(states['a step before it runs']!, { notesShown: false }))).not.toContain('Presenter notes');
    },
  );

  it('types the command with a cursor, then shows what it printed', () => {
    expect(text(screen(states['a command being typed']!))).toContain('  $ kong-workshop sandbo \n');
    expect(screen(states['a command being typed']!).at(-1)).toMatch(
      /^ Enter {2}finish typing {3}Space {2}pause {3}Ctrl-C {2}stop/,
    );
    const ran = text(screen(states['a check running']!));
    expect(ran).toContain(
      '✓ $ kong-workshop sandbox sync key-auth.yaml\n  │ sync: 1 service, 1 route, 1 plugin\n  ✓ exit 0 · 80ms',
    );
  });

  it('gives the checks large verdicts that read without colour', () => {
    const running = text(screen(states['a check running']!));
    expect(running).toContain('┃ ✓ PASSED   ┃ no key, no entry');
    expect(running).toMatch(/┃ ⠋ CHECKING ┃ a wrong key is refused/);
    const passed = text(screen(states['a step that passed']!));
    expect(passed).toContain('┏━━━━━━━━━━━━┓\n┃ ✓ PASSED   ┃ a wrong key is refused\n┗━━━━━━━━━━━━┛ 7ms');
    const failed = text(screen(states['a step that failed']!));
    expect(failed).toContain('┃ ✗ FAILED   ┃ a wrong key is refused');
    expect(failed).toContain('after 3 attempts · 3.1s');
    expect(failed).toContain('  ✗ status: expected 401, actual 200');
    // A notice takes two rows: the verdicts shrink to one row each rather than lose a line.
    const told = text(
      screen(
        demoState({
          runs: [fold(firstStepRan(lesson, 'failed'))],
          notice: {
            level: 'error',
            text: 'Getting ready stopped: “Turn on key-auth” failed its checks.',
            hint: 'its output is below; r runs it again, → moves on',
          },
        }),
      ),
    );
    expect(told).toContain('! Getting ready stopped: “Turn on key-auth” failed its checks.');
    expect(told).toContain(
      ' ✗ FAILED    a wrong key is refused · after 3 attempts · 3.1s\n  ✗ status: expected 401, actual 200',
    );
  });

  it('falls back to one-row verdicts when the room is short', () => {
    const small = text(screen(states['a step that passed']!, {}, 60, 15));
    expect(small).toContain(' ✓ PASSED    no key, no entry');
    expect(small).not.toContain('┏');
  });

  it('says in the header when the demo records, is paused, or counts down', () => {
    expect(screen(states['a step before it runs']!, { recording: true })[0]).toContain(' ● REC ');
    expect(screen(states['the last step']!)[0]).toContain(' ⏸ PAUSED ');
    const counting = demoState({ autoAdvance: { delayMs: 5000, remainingMs: 2400 } });
    expect(screen(counting)[0]).toContain(' auto ▸ 3s ');
    expect(screen(states['the last step']!).at(-2)).toBe('Next ▸ the end of the talk');
  });

  it('puts a question in place of the keys', () => {
    const lines = screen(states['a step before it runs']!, { question: [[span('? The key')], [span('  > ••••')]] });
    expect(lines.slice(-2)).toEqual(['? The key', '  > ••••']);
  });
});

describe('the fast-forward screen', () => {
  it('shows the progress, each earlier step, and fits the terminal', () => {
    const two = [talkLesson(), { ...talkLesson(), id: 'second', title: 'Second' }];
    const run = fold([
      lessonStarted(two[0]!),
      { type: 'step-started', step: 0, stepId: 'turn-on-key-auth', title: 'Turn on key-auth', mode: 'run' },
      { type: 'step-finished', step: 0, stepId: 'turn-on-key-auth', status: 'passed', durationMs: 5 },
    ]);
    const state = demoState({
      phase: 'fast-forward',
      activity: 'running',
      lessons: two,
      runs: [run, undefined],
      fastForward: { done: 1, total: 3, current: { lesson: 0, step: 1 }, target: { lesson: 1, step: 1 } },
    }) as DemoState & { fastForward: NonNullable<DemoState['fastForward']> };
    for (const [width, height] of [
      [80, 23],
      [50, 10],
    ] as const) {
      const lines = fastForwardScreen({ state, width, height, frame: 0 });
      expect(lines).toHaveLength(height);
      for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(width);
    }
    const all = text(fastForwardScreen({ state, width: 80, height: 23, frame: 0 }).map(lineText));
    expect(all).toContain('Getting ready for “Limit alex”');
    expect(all).toContain(
      'Running the 3 earlier steps quietly, so sandbox at http://127.0.0.1:8000 is in\nthe state this step needs.',
    );
    expect(all).toMatch(/━+─+ {2}1\/3/);
    expect(all).toContain(
      '✓ key-auth · 1. Turn on key-auth\n○ key-auth · 2. Limit alex\n○ second · 1. Turn on key-auth',
    );
    expect(all).toMatch(/ Ctrl-C {2}stop here/);
  });
});
