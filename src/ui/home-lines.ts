import type { LessonEntry, TargetStatus, WorkshopState } from '../workshop/index.js';
import { hasPassed } from '../engine/model.js';
import { assertNever, lessonNumber } from '../shared/index.js';
import { helpBarLine } from './help-bar.js';
import { homeHints } from './keys.js';
import { blankLine, fitLine, lineWidth, span, truncateLine, wrapLine, type Line, type Span } from './styled-text.js';
import { noticeLines } from './notice.js';
import { statusMark, type StatusMark } from './status.js';
import { progressBar } from './step-list.js';

export interface HomeInput {
  readonly state: WorkshopState;
  readonly selected: number;
  readonly width: number;
  /** Rows available; the list scrolls to keep the selected lesson in view. */
  readonly height: number;
  readonly version: string;
  readonly now?: Date;
  /** Spinner frame, while the workshop is busy. */
  readonly frame?: number;
  /** A question to show instead of the lesson details (trust, a target's token). */
  readonly dialog?: (room: number) => Line[];
}

/**
 * The home screen, line by line: the target and its state, doctor's word if any, the lessons
 * with progress, the chosen lesson's summary, and the keys. Pure, so the first frame can be
 * painted from it before ink has even loaded.
 */
export function homeLines(input: HomeInput): Line[] {
  const { state, width, height } = input;
  const top: Line[] = [
    truncateLine(
      [
        span('kong-workshop', { bold: true }),
        span(` ${input.version} · hands-on Kong Gateway lessons`, { tone: 'muted' }),
      ],
      width,
    ),
  ];
  // Wrapped under its own start, never cut: the line ends with what happens next.
  const targetLead = `Target ${state.target}  `.length;
  top.push(
    ...wrapLine(
      [
        span('Target ', { tone: 'muted' }),
        span(state.target, { bold: true }),
        span('  '),
        ...targetSpans(state.targetStatus),
      ],
      width,
      [span(' '.repeat(targetLead <= width / 2 ? targetLead + 2 : 2))],
    ),
  );
  // Wrapped, never cut: its advice (what to install, how) is at the end.
  if (state.doctor)
    top.push(
      ...wrapLine([span('! ', { tone: 'warning' }), span(state.doctor, { tone: 'warning' })], width, [span('  ')]),
    );
  top.push(blankLine, [
    span('Lessons', { bold: true }),
    span(state.lessons.length ? `  ${state.lessons.length}` : '', { tone: 'muted' }),
  ]);

  const selected = state.lessons[input.selected];
  const dialogRoom = Math.max(3, height - top.length - 6);
  const details = input.dialog
    ? input.dialog(dialogRoom).slice(0, dialogRoom)
    : selected
      ? detailLines(selected, state.target, width)
      : emptyLines(width);
  // While a question is open its own keys are the only ones that work: the bar stays empty.
  const keys = input.dialog ? blankLine : helpBarLine(homeHints(selected !== undefined && !selected.problem), width);
  const bottom: Line[] = [...noticeLines(state.notice, state.busy, width, input.frame ?? 0), keys];
  const listHeight = Math.max(1, height - top.length - bottom.length - details.length - 1);
  const now = input.now ?? new Date();
  const facts = state.lessons.map((entry) => entryFacts(entry, now));
  const factsWidth = Math.min(Math.floor(width / 2), Math.max(0, ...facts.map(lineWidth)));
  const rows = state.lessons.map((entry, index) =>
    lessonRow(entry, index, index === input.selected, facts[index]!, factsWidth, width),
  );
  const first = Math.min(Math.max(0, input.selected - listHeight + 1), Math.max(0, rows.length - listHeight));
  const visible = rows.slice(first, first + listHeight);
  // With room for fewer than three rows the selected lesson alone shows: an arrow would take its place.
  const arrows = listHeight >= 3;
  if (arrows && first > 0) visible[0] = [span(`  ↑ ${first} more`, { tone: 'muted' })];
  if (arrows && first + listHeight < rows.length)
    visible[visible.length - 1] = [span(`  ↓ ${rows.length - first - listHeight + 1} more`, { tone: 'muted' })];
  const filler = Array.from({ length: Math.max(0, listHeight - visible.length) }, () => blankLine);
  return [...top, ...visible, ...filler, blankLine, ...details, ...bottom].slice(0, height);
}

function targetSpans(status: TargetStatus): Span[] {
  const mark = targetMark(status);
  return [
    span(`${mark.icon} `, { tone: mark.tone }),
    span(status.line, status.state === 'ready' ? {} : { tone: 'muted' }),
  ];
}

function targetMark(status: TargetStatus): StatusMark {
  switch (status.state) {
    case 'ready':
      return statusMark('ready');
    case 'down':
      return statusMark('down');
    case 'checking':
      return statusMark('unknown');
    default:
      return assertNever(status);
  }
}

/** Title on the left, facts in a column of their own so they line up from row to row. */
function lessonRow(
  entry: LessonEntry,
  index: number,
  selected: boolean,
  facts: Line,
  factsWidth: number,
  width: number,
): Line {
  const pointer = span(selected ? '❯ ' : '  ', { tone: 'accent', bold: true });
  const mark = entryMark(entry);
  const title = span(
    `${lessonNumber(entry.file, index)}. ${entry.title}`,
    selected ? { bold: true } : entry.supported ? {} : { tone: 'muted' },
  );
  const left: Line = [pointer, span(`${mark.icon} `, { tone: mark.tone }), title];
  const room = Math.max(10, width - factsWidth - 2);
  return truncateLine([...fitLine(left, room), span('  '), ...facts], width);
}

function entryMark(entry: LessonEntry): StatusMark {
  if (entry.problem) return statusMark('error');
  if (!entry.supported) return { icon: '–', tone: 'muted', label: 'other target' };
  const progress = entry.progress;
  if (!progress) return statusMark('pending');
  if (progress.passed === entry.stepCount && entry.stepCount > 0) return statusMark('passed');
  if (progress.failed > 0) return statusMark('failed');
  return progress.passed + progress.skipped > 0
    ? { icon: '◐', tone: 'running', label: 'started' }
    : statusMark('pending');
}

function entryFacts(entry: LessonEntry, now: Date): Span[] {
  if (entry.problem) return [span('cannot be opened', { tone: 'failure' })];
  if (!entry.supported) return [span(`runs on ${entry.targets.join(', ')}`, { tone: 'muted' })];
  const passed = entry.progress?.passed ?? 0;
  const skipped = entry.progress?.skipped ?? 0;
  const spans: Span[] = [
    span(`${passed}/${entry.stepCount} `, { tone: 'muted' }),
    ...progressBar(passed, entry.stepCount, 8),
    ...(skipped ? [span(` ${skipped} skipped`, { tone: 'muted' })] : []),
  ];
  spans.push(span(`  ${entry.progress ? sinceText(entry.progress.lastVisited, now) : 'new'}`, { tone: 'muted' }));
  return spans;
}

function detailLines(entry: LessonEntry, target: string, width: number): Line[] {
  const indent = [span('  ')];
  if (entry.problem) return wrapLine([span('  '), span(entry.problem, { tone: 'failure' })], width, indent).slice(0, 3);
  const facts = [
    entry.durationMs ? `about ${Math.round(entry.durationMs / 60_000)} min` : undefined,
    `${entry.stepCount} steps`,
    `targets: ${entry.targets.join(', ')}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = entry.summary ? wrapLine([span('  '), span(entry.summary)], width, indent).slice(0, 2) : [];
  // Wrapped, not cut: the last fact is the list of targets, the one that says where it runs.
  lines.push(...wrapLine([span(`  ${facts}`, { tone: 'muted' })], width, indent));
  if (!entry.supported)
    lines.push(
      ...wrapLine([span(`  not on ${target}: press t to switch the target`, { tone: 'warning' })], width, indent),
    );
  return lines;
}

function emptyLines(width: number): Line[] {
  return wrapLine(
    [span('  No lessons here. Open one with '), span('kong-workshop start path/to/lesson.md', { tone: 'code' })],
    width,
    [span('  ')],
  );
}

/** "today 14:05", "yesterday", "3 days ago", or the date. */
function sinceText(iso: string, now: Date): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return '';
  const day = (d: Date) => Math.floor((d.getTime() - d.getTimezoneOffset() * 60_000) / 86_400_000);
  const days = day(now) - day(then);
  if (days <= 0)
    return `today ${String(then.getHours()).padStart(2, '0')}:${String(then.getMinutes()).padStart(2, '0')}`;
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return then.toISOString().slice(0, 10);
}

/**
 * Where the cursor starts: back from a lesson, on it, or on the next lesson once it is complete;
 * else on the lesson visited last that is not finished, else the first one still to do.
 */
export function initialSelection(state: WorkshopState): number {
  const back = selectionAfterLesson(state);
  if (back !== undefined) return back;
  let best = -1;
  state.lessons.forEach((entry, index) => {
    const progress = entry.progress;
    if (!progress || progress.passed >= entry.stepCount) return;
    if (best < 0 || progress.lastVisited > state.lessons[best]!.progress!.lastVisited) best = index;
  });
  if (best >= 0) return best;
  return Math.max(0, state.lessons.findIndex(isToDo));
}

const isToDo = (entry: LessonEntry) =>
  entry.supported && !entry.problem && (entry.progress?.passed ?? 0) < entry.stepCount;

/** Back from the lesson last open: on it while it has steps to do, else on the next lesson still to do. */
function selectionAfterLesson(state: WorkshopState): number | undefined {
  const open = state.lesson;
  if (!open) return undefined;
  const index = state.lessons.findIndex((entry) => entry.file === open.lesson.file || entry.id === open.lesson.id);
  if (index < 0) return undefined;
  const complete = open.steps.length > 0 && open.steps.every((step) => step !== 'running' && hasPassed(step));
  if (!complete) return index;
  const next = state.lessons.findIndex((entry, at) => at > index && isToDo(entry));
  return next >= 0 ? next : Math.min(index + 1, state.lessons.length - 1);
}
