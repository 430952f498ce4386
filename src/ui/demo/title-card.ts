import type { RunState } from '../../engine/index.js';
import type { Lesson } from '../../lesson/index.js';
import { span, truncateLine, wrapLine, type Line } from '../styled-text.js';
import { statusMark } from '../status.js';
import { keyLines } from './condense.js';
import type { Section } from './layout.js';

/**
 * The slide that opens a lesson: what it is about, its steps (with how far the talk got), and
 * the key lines of its introduction. The lesson's title is the big title above.
 */
export function titleCardSections(lesson: Lesson, run: RunState | undefined, width: number): Section[] {
  const about: Line[] = [];
  if (lesson.summary) about.push(...wrapLine([span(lesson.summary, { italic: true })], width));
  const facts = [
    // The home screen's words for the same fact: a length to plan by, not a stopwatch reading.
    ...(lesson.durationMs ? [`about ${Math.round(lesson.durationMs / 60_000)} min`] : []),
    `${lesson.steps.length} step${lesson.steps.length === 1 ? '' : 's'}`,
  ];
  about.push([span(facts.join(' · '), { tone: 'muted' })]);
  const agenda: Line[] = lesson.steps.map((step, index) => {
    const mark = statusMark(run?.steps[index]?.status ?? 'pending');
    return truncateLine(
      [span(`  ${mark.icon} `, { tone: mark.tone }), span(`${index + 1}. `, { bold: true }), span(step.title)],
      width,
    );
  });
  return [
    { body: about, keep: 'head', min: 1, priority: 1 },
    { head: [], body: agenda, keep: 'head', min: 2, priority: 2 },
    { head: [], body: keyLines(lesson.intro, width), keep: 'head', min: 2, priority: 3 },
  ];
}
