import type { ClassLink } from '../index.js';
import { type Line, span, truncateLine, wrapLine } from '../styled-text.js';

function mmss(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The learner's one line about the class, above the workshop: the class and their name, whether
 * the server answers, the instructor's message, the time box of the lesson on screen, the
 * pacing marker, and the raised hand.
 */
export function classBarLines(
  link: ClassLink,
  options: { width: number; now: number; lessonId?: string; hand: boolean },
): Line[] {
  const news = link.news;
  const parts: Line[] = [
    [span(`class “${link.className}” as ${link.name}`, { tone: 'accent' })],
    [
      span(link.connected ? '● connected' : '○ offline: steps are kept and sent later', {
        tone: link.connected ? 'success' : 'warning',
      }),
    ],
  ];
  if (options.hand) parts.push([span('✋ hand up (! lowers it)', { tone: 'accent', bold: true })]);
  else parts.push([span('! raises your hand', { tone: 'muted' })]);
  const box =
    news?.timeboxes.find((timebox) => timebox.lessonId === options.lessonId) ??
    (options.lessonId ? undefined : news?.timeboxes[0]);
  if (box) {
    const left = box.endsAt - options.now;
    parts.push([
      span(left > 0 ? `⏱ ${mmss(left)} left` : '⏱ time is up', {
        bold: true,
        tone: left <= 0 ? 'failure' : left < 120_000 ? 'warning' : undefined,
      }),
    ]);
  }
  if (news?.pace)
    parts.push([
      span(`paced to ${news.pace.lessonId}${news.pace.step === null ? '' : ` step ${news.pace.step + 1}`}`, {
        tone: 'muted',
      }),
    ]);
  const line = parts.flatMap((part, i) => (i ? [span(' · ', { tone: 'muted' }), ...part] : part));
  const lines = [truncateLine(line, options.width)];
  // The instructor's message gets a line (two at most) of its own: it is the one thing to read.
  if (news?.broadcast)
    lines.push(
      ...wrapLine([span('📣 '), span(news.broadcast.text, { bold: true })], options.width, [span('   ')]).slice(0, 2),
    );
  return lines;
}
