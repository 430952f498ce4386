import { describe, expect, it } from 'vitest';
import {
  type DemoError,
  nextPosition,
  parseFromSpec,
  previousPosition,
  resolveFrom,
  stepsBefore,
  TITLE_CARD,
} from '../../src/demo/index.js';
import { shellLesson } from './lessons.js';

const first = shellLesson('/talk/01-first.md', 'first', [
  ['One', 'true'],
  ['Two', 'true'],
]);
const second = shellLesson('/talk/04-per-consumer-limits.md', 'per-consumer-limits', [
  ['Give each consumer a limit', 'true'],
  ['Spend alex minute', 'true'],
  ['Wait', 'true'],
]);
const talk = [first, second];

describe('moving through a talk', () => {
  it('goes title card, steps, next title card, and back the same way', () => {
    const seen = [{ lesson: 0, step: TITLE_CARD }];
    for (let at = nextPosition(talk, seen[0]!); at; at = nextPosition(talk, at)) seen.push(at);
    expect(seen).toEqual([
      { lesson: 0, step: -1 },
      { lesson: 0, step: 0 },
      { lesson: 0, step: 1 },
      { lesson: 1, step: -1 },
      { lesson: 1, step: 0 },
      { lesson: 1, step: 1 },
      { lesson: 1, step: 2 },
    ]);
    const back = [seen.at(-1)!];
    for (let at = previousPosition(talk, back[0]!); at; at = previousPosition(talk, at)) back.push(at);
    expect(back).toEqual([...seen].reverse());
  });

  it('lists every earlier step for --from, across lessons', () => {
    expect(stepsBefore(talk, { lesson: 1, step: 1 })).toEqual([
      { lesson: 0, step: 0 },
      { lesson: 0, step: 1 },
      { lesson: 1, step: 0 },
    ]);
    expect(stepsBefore(talk, { lesson: 0, step: 0 })).toEqual([]);
    expect(stepsBefore(talk, { lesson: 1, step: TITLE_CARD })).toEqual([
      { lesson: 0, step: 0 },
      { lesson: 0, step: 1 },
    ]);
  });
});

describe('--from LESSON:STEP', () => {
  it('parses the lesson and the step, the last colon separating them', () => {
    expect(parseFromSpec('04-per-consumer-limits:2')).toEqual({ lesson: '04-per-consumer-limits', step: '2' });
    expect(parseFromSpec('key-auth:turn-on-key-auth')).toEqual({ lesson: 'key-auth', step: 'turn-on-key-auth' });
    expect(parseFromSpec('key-auth')).toEqual({ lesson: 'key-auth', step: undefined });
    for (const bad of [':2', 'key-auth:', '']) expect(() => parseFromSpec(bad)).toThrow(/--from expects LESSON:STEP/);
  });

  it('finds the lesson by id, file name, file stem or the stem without its number', () => {
    for (const name of ['per-consumer-limits', '04-per-consumer-limits.md', '04-per-consumer-limits']) {
      expect(resolveFrom({ lesson: name, step: '2' }, talk, 'gateway')).toEqual({ lesson: 1, step: 1 });
    }
    expect(resolveFrom({ lesson: 'first' }, talk, 'gateway')).toEqual({ lesson: 0, step: TITLE_CARD });
  });

  it('takes the step as a 1-based number or a step id', () => {
    expect(resolveFrom({ lesson: 'per-consumer-limits', step: '1' }, talk, 'gateway')).toEqual({ lesson: 1, step: 0 });
    expect(resolveFrom({ lesson: 'per-consumer-limits', step: 'spend-alex-minute' }, talk, 'gateway')).toEqual({
      lesson: 1,
      step: 1,
    });
    expect(resolveFrom({ lesson: 'per-consumer-limits', step: 'Wait' }, talk, 'gateway')).toEqual({
      lesson: 1,
      step: 2,
    });
  });

  it('says what exists when the lesson or the step is not there', () => {
    const error = (spec: { lesson: string; step?: string }) => {
      try {
        resolveFrom(spec, talk, 'gateway');
      } catch (caught) {
        return caught as DemoError;
      }
      throw new Error('no error');
    };
    const lesson = error({ lesson: 'nope', step: '1' });
    expect(lesson.code).toBe('unknown-from-lesson');
    expect(lesson.hint).toBe(
      'use a lesson id or file name: first (01-first), per-consumer-limits (04-per-consumer-limits)',
    );
    const number = error({ lesson: 'first', step: '3' });
    expect(number.message).toBe("'first' has 2 steps on the gateway target, not 3");
    expect(number.hint).toBe('steps: 1 one, 2 two');
    expect(error({ lesson: 'first', step: '0' }).code).toBe('unknown-from-step');
    expect(error({ lesson: 'first', step: 'three' }).message).toBe("'first' has no step 'three' on the gateway target");
  });
});
