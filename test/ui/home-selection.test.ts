import { describe, expect, it } from 'vitest';
import { initialSelection } from '../../src/ui/home-lines.js';
import { entries, homeState } from './fixtures.js';

const [limits, keyAuth, konnect, broken] = entries as [
  (typeof entries)[number],
  (typeof entries)[number],
  (typeof entries)[number],
  (typeof entries)[number],
];
const done = { passed: limits.stepCount, skipped: 0, failed: 0, lastVisited: '2020-01-02T10:00:00.000Z' };

describe('where the home cursor starts', () => {
  it('is on the unfinished lesson visited last', () => {
    expect(initialSelection(homeState())).toBe(0);
  });

  it('is on the first lesson still to do when every visited lesson is finished, not on the finished one', () => {
    const lessons = [{ ...limits, progress: done }, keyAuth, konnect, broken];
    expect(initialSelection(homeState({ lessons }))).toBe(1);
  });

  it('skips lessons this target cannot run and broken files when looking for one to do', () => {
    const lessons = [{ ...limits, progress: done }, konnect, broken, keyAuth];
    expect(initialSelection(homeState({ lessons }))).toBe(3);
  });

  it('is on the first lesson when there is nothing left to do', () => {
    expect(initialSelection(homeState({ lessons: [{ ...limits, progress: done }] }))).toBe(0);
    expect(initialSelection(homeState({ lessons: [] }))).toBe(0);
  });
});
