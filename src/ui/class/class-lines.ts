import type { CellCode, ClassView } from '../../class/index.js';
import { span, truncateLine, wrapLine, lineText, type Line, type Span } from '../styled-text.js';
import type { Tone } from '../theme.js';

const CELL: Record<CellCode, { symbol: string; tone?: Tone }> = {
  p: { symbol: '✓', tone: 'success' },
  f: { symbol: '✗', tone: 'failure' },
  e: { symbol: '!', tone: 'failure' },
  r: { symbol: '…', tone: 'running' },
  s: { symbol: '-', tone: 'muted' },
  c: { symbol: '⊘', tone: 'muted' },
  '.': { symbol: '·', tone: 'muted' },
};
const isCellCode = (code: string): code is CellCode => code in CELL;
const NAME_WIDTH = 16;
const BARS = ' ▁▂▃▄▅▆▇█';

function mmss(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function padName(name: string): string {
  const chars = [...name];
  return chars.length > NAME_WIDTH ? `${chars.slice(0, NAME_WIDTH - 1).join('')}…` : name.padEnd(NAME_WIDTH);
}

/**
 * The instructor's terminal view as lines, from the same view the projected page draws: who is
 * stuck and who raised a hand first (what needs the instructor now), then the most common
 * failures, where the class is, and the grid. Names are already sanitised by the server.
 */
export function classViewLines(
  view: ClassView | undefined,
  options: { width: number; now: number; connected: boolean; url?: string },
): Line[] {
  const { width } = options;
  if (!view)
    return [[span(`connecting to the class server${options.url ? ` at ${options.url}` : ''}…`, { tone: 'muted' })]];
  const out: Line[] = [];
  const add = (line: Line) => out.push(...wrapLine(line, width, [span('    ')]));
  const t = view.totals;
  add([
    span(view.name, { bold: true, tone: 'title' }),
    span(`  ${plural(t.learners, 'learner')} · `),
    span(`${plural(t.hands, 'hand')} up`, t.hands ? { tone: 'accent', bold: true } : {}),
    span(' · '),
    span(`${t.stuck} stuck`, t.stuck ? { tone: 'failure', bold: true } : {}),
    ...(view.pace ? [span(` · paced to ${view.pace.label}`)] : []),
    span(options.connected ? '  ● live' : '  ○ reconnecting…', { tone: options.connected ? 'success' : 'warning' }),
  ]);
  if (view.broadcast) add([span('📣 '), span(view.broadcast.text, { bold: true })]);
  const skew = view.now - options.now;
  for (const lesson of view.lessons) {
    if (lesson.timeboxEndsAt === undefined) continue;
    const left = lesson.timeboxEndsAt - (options.now + skew);
    add([
      span('⏱ '),
      span(lesson.title),
      span(left > 0 ? `  ${mmss(left)} left` : '  time is up', {
        bold: true,
        tone: left <= 0 ? 'failure' : left < 120_000 ? 'warning' : undefined,
      }),
    ]);
  }
  out.push([]);

  const hands = view.learners.filter((learner) => learner.hand).sort((a, b) => (a.handSince ?? 0) - (b.handSince ?? 0));
  add([
    span('Raised hands  ', { tone: 'heading', bold: true }),
    ...(hands.length
      ? hands.flatMap((learner, i) => [
          span(i ? '  ' : ''),
          span(`✋ ${learner.name}`, { tone: 'accent', bold: true }),
          span(learner.position !== undefined ? ` (${view.columns[learner.position]?.label ?? ''})` : '', {
            tone: 'muted',
          }),
        ])
      : [span('none', { tone: 'muted' })]),
  ]);
  const stuck = view.learners
    .filter((learner) => learner.stuck)
    .sort((a, b) => (b.stuck?.minutes ?? 0) - (a.stuck?.minutes ?? 0));
  add([
    span(`Stuck (≥ ${view.stuckMinutes} min)  `, { tone: 'heading', bold: true }),
    ...(stuck.length ? [] : [span('nobody', { tone: 'muted' })]),
  ]);
  for (const learner of stuck) {
    if (!learner.stuck) continue;
    add([
      span(`  ${learner.name}`, { tone: 'failure', bold: true }),
      span(` ${learner.stuck.label} · ${learner.stuck.minutes} min · `),
      span(learner.stuck.expectation || learner.stuck.check, { tone: 'code' }),
    ]);
  }
  add([
    span('Most common failure per step  ', { tone: 'heading', bold: true }),
    ...(view.failures.length ? [] : [span('none', { tone: 'muted' })]),
  ]);
  for (const failure of view.failures) {
    add([
      span(`  ${failure.label}`, { bold: true }),
      span(` ${failure.count} of ${failure.of}: `),
      span(failure.expectation, { tone: 'code' }),
    ]);
  }
  out.push([]);

  // Where the class is: one bar per step, the grid's columns.
  const max = Math.max(1, ...view.histogram);
  const bars: Span[] = view.histogram.map((count, i) =>
    span(`${BARS[Math.round((count / max) * 8)] ?? ' '} `, { tone: view.columns[i]?.notYet ? 'muted' : 'running' }),
  );
  out.push(
    truncateLine([span(`${'Where they are'.padEnd(NAME_WIDTH)} `, { tone: 'heading', bold: true }), ...bars], width),
  );
  const lessonRow: Span[] = view.columns.map((column, i) =>
    span(
      i === view.lessons.find((lesson) => lesson.id === column.lessonId)?.first
        ? `${column.label.split('.')[0]} `
        : '  ',
      { bold: true },
    ),
  );
  out.push(truncateLine([span(`${'lesson'.padEnd(NAME_WIDTH)} `, { tone: 'muted' }), ...lessonRow], width));
  for (const learner of view.learners) {
    const cells: Span[] = [...learner.cells].map((code, i) => {
      const notYet = view.columns[i]?.notYet === true && code === '.';
      const cell = isCellCode(code) ? CELL[code] : CELL['.'];
      return span(`${notYet ? '░' : cell.symbol} `, {
        tone: notYet ? 'muted' : cell.tone,
        bold: code === 'f' || code === 'e',
      });
    });
    const who = `${learner.hand ? '✋' : ' '}${padName(learner.name)}`;
    out.push(
      truncateLine(
        [
          span(who.slice(0, NAME_WIDTH + 1), { tone: learner.stuck ? 'failure' : undefined, bold: learner.hand }),
          span(' '),
          ...cells,
        ],
        width,
      ),
    );
  }
  if (view.learners.length === 0) out.push([span('No learner has joined yet.', { tone: 'muted' })]);
  return out;
}

/** `kong-workshop class` piped: the same view as plain text. */
export function classSnapshotText(view: ClassView, width: number): string {
  return classViewLines(view, { width, now: Date.now(), connected: true })
    .map((line) => lineText(line).trimEnd())
    .join('\n');
}
