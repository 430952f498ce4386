import { describe, expect, it } from 'vitest';
import type { CommandItem, RunEvent } from '../../src/engine/index.js';
import { commandOutputLines } from '../../src/ui/command-output.js';
import { lessonScreen, type LessonScreenInput } from '../../src/ui/lesson-screen.js';
import { lineText, lineWidth } from '../../src/ui/styled-text.js';
import { fixtureLesson, firstStepPassed, openLesson, secondStepFailed } from './fixtures.js';

const lesson = fixtureLesson();
const screen = (overrides: Partial<LessonScreenInput> & Pick<LessonScreenInput, 'open'>) =>
  lessonScreen({
    target: 'sandbox',
    width: 80,
    height: 23,
    frame: 0,
    showHint: false,
    showSolution: false,
    textTop: 0,
    outputTop: 'follow',
    ...overrides,
  });
const text = (input: Parameters<typeof screen>[0]) => screen(input).lines.map(lineText).join('\n');

describe('the lesson screen layout', () => {
  it('fills exactly the terminal, never wider, at 80×24 and smaller', () => {
    const events = [...firstStepPassed(lesson), ...secondStepFailed(lesson)];
    for (const [width, height] of [
      [80, 23],
      [60, 15],
      [40, 10],
      [120, 40],
    ] as const) {
      for (const stepIndex of [0, 1, 2]) {
        const { lines } = screen({
          open: openLesson(lesson, events, { stepIndex }),
          width,
          height,
          showHint: true,
          showSolution: true,
        });
        expect(lines).toHaveLength(height);
        for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('shows the title, where you are, the step prose, the commands about to run and the keys', () => {
    const out = text({
      open: openLesson(lesson, [], {
        previews: {
          [lesson.steps[0]!.blocks.find((b) => b.type === 'run')!.id]:
            'curl -si -X POST http://127.0.0.1:8001/consumers -d username=alex',
        },
      }),
    });
    expect(out).toContain('◆ Per-consumer limits');
    expect(out).toContain('sandbox · step 1 of 3');
    expect(out).toContain('[○] ○  ○   1/3 Add a consumer');
    // The step's own text comes first: the introduction is a page of its own, before step 1.
    expect(out).not.toContain('Rate limiting protects upstreams from bursts.');
    expect(out.split('\n')[2]).toBe('Create the consumer alex with a key. See the docs');
    expect(out).toContain('Create the consumer alex with a key. See the docs\n(https://docs.konghq.com/gateway/).');
    expect(out).toContain('▌ ℹ Note');
    expect(out).toContain('╭ ▶ runs');
    expect(out).toContain('│ curl -si -X POST http://127.0.0.1:8001/consumers -d username=alex');
    expect(out).toContain('◇ checks alex exists');
    expect(out).toMatch(/ Enter {2}run/);
    expect(out).toMatch(/ \? {2}keys/);
  });

  it('shows the introduction as its own page before step 1, with the way on', () => {
    const out = text({ open: openLesson(lesson, [], { onIntro: true }) });
    expect(out).toContain('◆ Per-consumer limits');
    expect(out).toContain('sandbox · introduction');
    expect(out).toContain(' ○  ○  ○   Introduction');
    expect(out).toContain('Rate limiting protects upstreams from bursts.');
    expect(out).not.toContain('Create the consumer alex');
    expect(out).toMatch(/ Enter {2}start step 1 .* Esc {2}lessons .* q {2}quit {3}\? {2}keys$/);
  });

  it('gives the step text the room first and shrinks the output, saying how much is out of view', () => {
    const run = lesson.steps[0]!.blocks.find((b) => b.type === 'run')!;
    const events: RunEvent[] = [
      ...firstStepPassed(lesson).slice(0, 3),
      ...Array.from(
        { length: 50 },
        (_, i): RunEvent => ({ type: 'output', step: 0, blockId: run.id, stream: 'stdout', line: `line ${i + 1}` }),
      ),
    ];
    const out = text({ open: openLesson(lesson, events, { activity: 'running' }) });
    // The whole of step 1's text, down to what it checks, above the output.
    expect(out).toContain('Create the consumer alex with a key.');
    expect(out).toContain('◇ checks alex exists');
    expect(out).not.toMatch(/more lines? · ↓ to scroll/);
    expect(out).toMatch(/── Output ─+ \d+–51 of 51 · ↑ \d+ more: PgUp ──/);
    expect(out).toContain('line 50');
    // Where the text cannot all fit, the output still keeps a few rows.
    const small = screen({ open: openLesson(lesson, events, { activity: 'running' }), height: 14 });
    const lines = small.lines.map(lineText);
    const divider = lines.findIndex((line) => line.startsWith('── Output'));
    expect(lines.length - 1 - divider - 1).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).toMatch(/↓ \d+ more lines · ↓ to scroll/);
  });

  it('shows command output, each expectation and how the step ended', () => {
    const out = text({ open: openLesson(lesson, firstStepPassed(lesson)) });
    expect(out).toContain('── Output');
    expect(out).toContain('✓ $ curl -si -X POST http://127.0.0.1:8001/consumers -d username=alex');
    expect(out).toContain('  │ HTTP/1.1 201 Created');
    expect(out).toContain('  ✓ exit 0 · 80ms');
    expect(out).toContain('✓ alex exists · 9ms');
    expect(out).toContain('  ✓ status: 200');
    expect(out).toContain('✓ Step passed');
    expect(out).toMatch(/ Enter {2}next step/);
  });

  it('says what failed, expected and actual, and offers the hint', () => {
    const open = openLesson(lesson, [...firstStepPassed(lesson), ...secondStepFailed(lesson)]);
    const out = text({ open });
    expect(out).toContain('✗ alex is limited');
    expect(out).toContain('✗ response 5 · status: expected 429, actual 200');
    expect(out).toContain('response: HTTP 429');
    expect(out).toContain('✗ Step failed · h shows a hint');
    expect(out).toMatch(/ h {2}hint/);
    expect(text({ open, showHint: true })).toContain('▌ Hint');
    expect(text({ open, showHint: true })).toContain('▌ Each consumer has its own counter.');
  });

  it('draws a live rate-limit chart as responses arrive', () => {
    const partial = openLesson(lesson, [...firstStepPassed(lesson), ...secondStepFailed(lesson, 3)], {
      activity: 'running',
    });
    expect(text({ open: partial })).toContain('  alex is limited ███     3 allowed · 0 rejected · remaining 2/5');
    const done = openLesson(lesson, [...firstStepPassed(lesson), ...secondStepFailed(lesson)]);
    expect(text({ open: done })).toContain(
      '  alex is limited █████▒  5 allowed · 1 rejected · remaining 0/5 · retry in 42s',
    );
  });

  it('shows a polling check with its attempt and the time left', () => {
    const step = lesson.steps[0]!;
    const check = step.blocks.find((b) => b.type === 'check')!;
    const events: RunEvent[] = [
      ...firstStepPassed(lesson).slice(0, 6),
      {
        type: 'check-started',
        step: 0,
        blockId: check.id,
        name: 'alex exists',
        kind: 'http',
        repeat: 1,
        timeoutMs: 30_000,
        source: check.source,
      },
      {
        type: 'check-progress',
        step: 0,
        blockId: check.id,
        progress: {
          type: 'attempt',
          attempt: 3,
          elapsedMs: 2_400,
          timeoutMs: 30_000,
          nextAttemptInMs: 1000,
          lastFailure: 'status: expected 200, actual 404',
        },
      },
    ];
    const out = text({ open: openLesson(lesson, events, { activity: 'running' }), frame: 2 });
    expect(out).toContain('⠹ alex exists · attempt 3 · 28s left');
    expect(out).toContain('last try: status: expected 200, actual 404');
    expect(out).toMatch(/ Ctrl-C {2}stop/);
  });

  it('follows the end of long output, and scrolls back on request', () => {
    const run = lesson.steps[0]!.blocks.find((b) => b.type === 'run')!;
    const events: RunEvent[] = [
      ...firstStepPassed(lesson).slice(0, 3),
      ...Array.from(
        { length: 200 },
        (_, i): RunEvent => ({ type: 'output', step: 0, blockId: run.id, stream: 'stdout', line: `line ${i + 1}` }),
      ),
    ];
    const open = openLesson(lesson, events, { activity: 'running' });
    const following = screen({ open });
    expect(following.lines.map(lineText).join('\n')).toContain('line 200');
    expect(following.outputMax).toBeGreaterThan(150);
    const back = text({ open, outputTop: 0 });
    expect(back).not.toContain('line 200');
    expect(back).toContain('line 1\n');
    expect(back).toMatch(/1–(\d+) of 201 · ↓ \d+ more: PgDn/);
    const [, end] = /1–(\d+) of 201/.exec(back)!;
    expect(back).toContain(`↓ ${201 - Number(end)} more: PgDn`);
    expect(text({ open, outputTop: 5 })).toMatch(/6–\d+ of 201 · ↑ 5 more: PgUp · ↓ \d+ more: PgDn/);
  });

  it('scrolls the text and says how much more there is', () => {
    const open = openLesson(lesson, [], {});
    const small = screen({ open, height: 10 });
    expect(small.textMax).toBeGreaterThan(0);
    expect(small.lines.map(lineText).join('\n')).toMatch(/↓ \d+ more lines · ↓ to scroll/);
    const scrolled = screen({ open, height: 10, textTop: small.textMax });
    expect(scrolled.lines.map(lineText).join('\n')).toContain('◇ checks alex exists');
  });

  it('puts a question where the output goes', () => {
    const out = text({ open: openLesson(lesson, firstStepPassed(lesson)), dialog: () => [[{ text: '? A question' }]] });
    expect(out).toContain('── Question');
    expect(out).toContain('? A question');
    expect(out).not.toContain('HTTP/1.1 201 Created');
  });

  it('says why a lesson could not start', () => {
    const out = text({
      open: openLesson(lesson, [], {
        fault: {
          code: 'cancelled',
          message: 'no value given for API_KEY',
          hint: 'run the step again to be asked once more',
        },
      }),
    });
    expect(out).toContain('! no value given for API_KEY');
    expect(out).toContain('hint: run the step again to be asked once more');
  });
});

describe('the lesson screen wording', () => {
  it('says the key that hides the hint once it is open, in the step ending and the help bar', () => {
    const open = openLesson(lesson, [...firstStepPassed(lesson), ...secondStepFailed(lesson)]);
    const hidden = text({ open });
    expect(hidden).toContain('✗ Step failed · h shows a hint');
    expect(hidden).toMatch(/ h {2}hint/);
    const shown = text({ open, showHint: true });
    expect(shown).toContain('✗ Step failed · h hides the hint');
    expect(shown).not.toContain('h shows a hint');
    expect(shown).toMatch(/ h {2}hide hint/);
  });

  it('says "Step failed" for a step that only ran its checks too, and offers no hint a step does not have', () => {
    const failed = secondStepFailed(lesson).map((event) =>
      event.type === 'step-started' ? { ...event, mode: 'check' as const } : event,
    );
    const out = text({ open: openLesson(lesson, [...firstStepPassed(lesson), ...failed]) });
    expect(out).toContain('✗ Step failed');
    expect(out).not.toContain('Checks failed');
    const step = lesson.steps[2]!;
    const noHint = openLesson(lesson, [
      ...firstStepPassed(lesson),
      { type: 'step-started', step: 2, stepId: step.id, title: step.title, mode: 'run' },
      { type: 'step-finished', step: 2, stepId: step.id, status: 'failed', durationMs: 5 },
    ]);
    expect(text({ open: noHint })).toContain('✗ Step failed\n');
  });

  it('says a check fault once, under the check, not again as the step ending', () => {
    const step = lesson.steps[0]!;
    const check = step.blocks.find((b) => b.type === 'check')!;
    const fault = {
      code: 'connection-refused' as const,
      message: 'nothing answers at 127.0.0.1:8001',
      hint: 'is the sandbox running?',
    };
    const events: RunEvent[] = [
      lessonStartedEvent(),
      { type: 'step-started', step: 0, stepId: step.id, title: step.title, mode: 'check' },
      {
        type: 'check-started',
        step: 0,
        blockId: check.id,
        name: 'alex exists',
        kind: 'http',
        repeat: 1,
        source: check.source,
      },
      {
        type: 'check-finished',
        step: 0,
        blockId: check.id,
        name: 'alex exists',
        source: check.source,
        result: { kind: 'http', status: 'error', attempts: 1, durationMs: 3, extracted: {}, expectations: [], fault },
      },
      { type: 'step-finished', step: 0, stepId: step.id, status: 'error', durationMs: 5, fault },
    ];
    const out = text({ open: openLesson(lesson, events) });
    expect(out.split(fault.message)).toHaveLength(2);
    expect(out.split(fault.hint)).toHaveLength(2);
    expect(out).toContain('! Step could not finish');
  });

  it('starts the output with the fault when the step could not run anything', () => {
    const step = lesson.steps[0]!;
    const fault = {
      code: 'connection-refused' as const,
      message: 'cannot reach the sandbox',
      hint: 'start it again with R',
    };
    const lines = text({
      open: openLesson(lesson, [
        lessonStartedEvent(),
        { type: 'step-started', step: 0, stepId: step.id, title: step.title, mode: 'run' },
        { type: 'step-finished', step: 0, stepId: step.id, status: 'error', durationMs: 5, fault },
      ]),
    }).split('\n');
    const divider = lines.findIndex((line) => line.startsWith('── Output'));
    expect(lines.slice(divider + 1, divider + 3)).toEqual([
      '! cannot reach the sandbox',
      'hint: start it again with R',
    ]);
  });

  it('says why a lesson could not start once, when the notice already says it', () => {
    const fault = { code: 'cancelled', message: 'no value given for API_KEY', hint: 'run the step again' };
    const out = text({
      open: openLesson(lesson, [], { fault }),
      notice: { level: 'error', text: fault.message, hint: fault.hint },
    });
    expect(out.split(fault.message)).toHaveLength(2);
  });

  it('counts one more line of a command as a line', () => {
    const item = (command: string): CommandItem => ({
      kind: 'command',
      blockId: 'run-1',
      command,
      purpose: 'run',
      status: 'ok',
      exitCode: 0,
      output: [],
      droppedLines: 0,
    });
    // A script's later lines fold away under a marker that counts them (the pager shows them all).
    const head = (command: string) => commandOutputLines(item(command), 80, 0).slice(0, 2).map(lineText).join('\n');
    expect(head('echo one\necho two')).toBe('✓ $ echo one\n    … 1 more line');
    expect(head('echo one\necho two\necho three')).toBe('✓ $ echo one\n    … 2 more lines');
  });
});

function lessonStartedEvent(): RunEvent {
  return firstStepPassed(lesson)[0]!;
}

describe('a failed step with more output than fits', () => {
  const events = [...firstStepPassed(lesson), ...secondStepFailed(lesson)];
  const failed = openLesson(lesson, events, { stepIndex: 1 });

  it('opens the output on the failed check (its name, expected and actual), not on the tail', () => {
    const small = screen({ open: failed, width: 80, height: 12 });
    expect(small.outputFollowTop).toBeLessThan(small.outputMax);
    const out = text({ open: failed, width: 80, height: 12 });
    expect(out).toContain('✗ alex is limited');
    expect(out).toContain('expected 429, actual 200');
    expect(out).toMatch(/↓ \d+ more: PgDn/);
  });

  it('follows the end as before when everything from the failure on fits', () => {
    const tall = screen({ open: failed, width: 120, height: 60 });
    expect(tall.outputFollowTop).toBe(tall.outputMax);
  });
});
