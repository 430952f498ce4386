import { describe, expect, it } from 'vitest';
import { stepProseLines } from '../../../src/ui/lesson-prose.js';
import { presenterScreen } from '../../../src/ui/demo/presenter-screen.js';
import { lineText } from '../../../src/ui/styled-text.js';
import { demoState, talkLesson } from './fixtures.js';

// Presenter notes are for the presenter: demo mode shows them, the workshop never does.
describe('presenter notes', () => {
  const note = 'Point at WWW-Authenticate: it names the scheme.';

  it('show in the presenter view', () => {
    const text = presenterScreen({
      state: demoState(),
      width: 80,
      height: 23,
      frame: 0,
      notesShown: true,
      recording: false,
    })
      .map(lineText)
      .join('\n');
    expect(text).toContain(note);
  });

  it('never show in the workshop, not even with the hint and the solution open', () => {
    const lesson = talkLesson();
    const text = stepProseLines({ lesson, stepIndex: 0, previews: {}, width: 80, showHint: true, showSolution: true })
      .lines.map(lineText)
      .join('\n');
    expect(text).toContain('A plugin runs where you attach it');
    expect(text).not.toContain(note);
  });
});
