import { describe, expect, it } from 'vitest';
import {
  earlierStepNote,
  earn,
  earnedFromRecord,
  firstUnpassedBefore,
  initialRunState,
  isComplete,
  recordOf,
  reduce,
  stepProgress,
  tally,
  tallyLine,
  type RunEvent,
} from '../../src/engine/model.js';

describe('what a step earns', () => {
  it.each([
    ['pending', 'run', 'passed', 'passed'],
    ['passed', 'run', 'failed', 'failed'],
    ['passed', 'run', 'cancelled', 'cancelled'],
    ['passed', 'check', 'failed', 'failed'],
    ['failed', 'check', 'passed', 'passed'],
    ['passed', 'check', 'skipped', 'passed'],
    ['passed', 'check', 'cancelled', 'passed'],
    ['stale', 'check', 'skipped', 'stale'],
    ['stale', 'check', 'passed', 'passed'],
    ['stale', 'check', 'failed', 'failed'],
    ['pending', 'check', 'skipped', 'pending'],
    ['failed', 'skip', 'skipped', 'skipped'],
    ['pending', 'skip', 'skipped', 'skipped'],
    ['passed', 'skip', 'skipped', 'passed'],
    ['skipped', 'run', 'passed', 'passed'],
    ['pending', 'run', 'skipped', 'pending'],
  ] as const)('%s, then %s ending %s → %s', (before, attempt, status, expected) => {
    expect(earn(before, attempt, status)).toBe(expected);
  });

  it('reads a saved pass as stale until this session proves it again, and stores it back as passed', () => {
    expect(earnedFromRecord('passed')).toBe('stale');
    expect(earnedFromRecord('skipped')).toBe('skipped');
    expect(earnedFromRecord(undefined)).toBe('pending');
    expect(recordOf('stale')).toBe('passed');
    expect(recordOf('pending')).toBeUndefined();
  });
});

describe('skipped means skipped', () => {
  it('never counts a skipped step as passed, and says so in the completion line', () => {
    const t = tally(['passed', 'skipped', 'stale']);
    expect(t).toEqual({ total: 3, passed: 2, skipped: 1, failed: 0, open: 0 });
    expect(isComplete(t)).toBe(false);
    expect(tallyLine(t)).toBe('2 of 3 steps passed, 1 skipped');
    expect(tallyLine(tally(['passed', 'passed', 'passed']))).toBe('all 3 steps passed');
    expect(tallyLine(tally(['passed', 'failed', 'pending']))).toBe('1 of 3 steps passed, 1 failed, 1 not done');
  });

  it('names the earliest earlier step that has not passed', () => {
    expect(firstUnpassedBefore(['passed', 'skipped', 'pending', 'failed'], 3)).toBe(1);
    expect(firstUnpassedBefore(['stale', 'passed', 'failed'], 2)).toBeUndefined();
  });

  it('folds a run where the learner skipped a step: the reducer decides, from the events alone', () => {
    const events: RunEvent[] = [
      {
        type: 'lesson-started',
        lessonId: 'l',
        title: 'L',
        file: 'l.md',
        target: 'sandbox',
        targetDescription: 'sandbox',
        mode: 'run',
        steps: [
          { id: 'a', title: 'A', earlier: 'passed' },
          { id: 'b', title: 'B' },
          { id: 'c', title: 'C' },
        ],
        at: 0,
      },
      { type: 'step-finished', step: 1, stepId: 'b', status: 'skipped', attempt: 'skip', durationMs: 0 },
      { type: 'step-started', step: 2, stepId: 'c', title: 'C', mode: 'check' },
    ];
    const state = events.reduce(reduce, initialRunState);
    expect(stepProgress(state)).toEqual(['stale', 'skipped', 'running']);
    const done = reduce(state, { type: 'step-finished', step: 2, stepId: 'c', status: 'skipped', durationMs: 1 });
    // A check that found nothing to check proves nothing: the step stays as it was.
    expect(stepProgress(done)).toEqual(['stale', 'skipped', 'pending']);
    // A later failure names the skipped step first.
    expect(earlierStepNote(done, 2)).toBe('step 2, “B”, was skipped: this step builds on it, so do that one first');
    expect(earlierStepNote(done, 1)).toBeUndefined();
  });
});
