import { describe, expect, it } from 'vitest';
import { homeActions, lessonActions } from '../../src/ui/keys.js';
import { initialLessonViewState, lessonViewReducer, type LessonViewAction } from '../../src/ui/lesson-view-state.js';

const limits = { textMax: 3, outputMax: 40, outputPage: 10 };
const fold = (actions: LessonViewAction[]) => actions.reduce(lessonViewReducer, initialLessonViewState);

describe('the lesson view state', () => {
  it('applies a burst of scroll keys one after the other, within the text', () => {
    const state = fold(lessonActions('jjjjj', {}).map((action) => ({ type: action, limits }) as LessonViewAction));
    expect(state.textTop).toBe(3);
    expect(
      fold([
        { type: 'text-down', limits },
        { type: 'text-up', limits },
        { type: 'text-up', limits },
      ]).textTop,
    ).toBe(0);
  });

  it('pages the output from its end and follows again at the bottom', () => {
    const up = fold([{ type: 'output-up', limits }]);
    expect(up.outputTop).toBe(30);
    expect(lessonViewReducer(up, { type: 'output-down', limits }).outputTop).toBe('follow');
    expect(lessonViewReducer(up, { type: 'work-started' }).outputTop).toBe('follow');
  });

  it('asks before the solution, reveals what it shows, and folds everything on a new step', () => {
    const asked = fold([{ type: 'ask-solution' }]);
    expect(asked).toMatchObject({ confirming: true, showSolution: false });
    expect(lessonViewReducer(asked, { type: 'answer-solution', yes: false })).toMatchObject({
      confirming: false,
      showSolution: false,
    });
    const shown = lessonViewReducer(asked, { type: 'answer-solution', yes: true });
    expect(shown).toMatchObject({ showSolution: true, reveal: 'solution' });
    const revealed = lessonViewReducer(shown, { type: 'revealed', at: 12 });
    expect(revealed).toMatchObject({ textTop: 12, reveal: undefined });
    const hinted = lessonViewReducer(lessonViewReducer(revealed, { type: 'has-code', hasCode: true }), {
      type: 'toggle-hint',
    });
    expect(hinted).toMatchObject({ showHint: true, reveal: 'hint' });
    expect(lessonViewReducer(hinted, { type: 'step-changed' })).toEqual({ ...initialLessonViewState, hasCode: true });
  });
});

describe('keys of one read', () => {
  it('decodes each character of a burst, in order, and keeps single keys as they were', () => {
    expect(lessonActions('jjk', {})).toEqual(['text-down', 'text-down', 'text-up']);
    expect(lessonActions('n\rq', {})).toEqual(['next', 'primary', 'quit']);
    expect(lessonActions('', { return: true })).toEqual(['primary']);
    expect(lessonActions('c', { ctrl: true })).toEqual(['interrupt']);
    expect(homeActions('jj\r', {})).toEqual(['down', 'down', 'open']);
    expect(lessonActions('xyz', {})).toEqual([]);
  });
});
