import { earlierStepNote, hasPassed } from '../engine/model.js';
import type { Notice, OpenLesson } from '../workshop/index.js';
import { activityLines } from './activity-lines.js';
import { helpBarLine } from './help-bar.js';
import { lessonHints } from './keys.js';
import { stepProseLines } from './lesson-prose.js';
import { blankLine, fitLine, lineWidth, span, truncateLine, type Line } from './styled-text.js';
import type { Highlighter } from './markdown.js';
import { noticeLines } from './notice.js';
import { statusMark } from './status.js';
import { stepStripLine } from './step-list.js';

export interface LessonScreenInput {
  readonly open: OpenLesson;
  readonly target: string;
  readonly notice?: Notice;
  readonly busy?: string;
  readonly width: number;
  readonly height: number;
  readonly frame: number;
  readonly highlight?: Highlighter;
  readonly showHint: boolean;
  readonly showSolution: boolean;
  /** First text line shown. */
  readonly textTop: number;
  /** First output line shown, or follow the end as output arrives. */
  readonly outputTop: number | 'follow';
  /** A question shown where the output goes (prompt, trust, resume, confirm). */
  readonly dialog?: (room: number) => Line[];
}

export interface LessonScreen {
  readonly lines: Line[];
  /** Largest useful scroll offsets and page sizes, for the key handlers. */
  readonly textMax: number;
  readonly textPage: number;
  readonly outputMax: number;
  readonly outputPage: number;
  readonly hintAt?: number;
  readonly solutionAt?: number;
  readonly hasCode: boolean;
  /** How many pieces of the output the screen cut (each with a marker): `o` shows them in full. */
  readonly cuts: number;
}

const MIN_TEXT_ROWS = 3;
const FULL_HINT = { keys: 'o', label: 'full output' };

/**
 * The lesson screen, fitted to the terminal: header, where you are, the step's text (scrolls),
 * the output and checks (scroll, follow the end while running) or a question, the status line
 * and the keys. Exactly `height` lines, none wider than `width`.
 */
export function lessonScreen(input: LessonScreenInput): LessonScreen {
  const { open, width, height, frame } = input;
  const step = open.run.steps[open.stepIndex];
  const status = open.steps[open.stepIndex] ?? 'pending';
  const lessonStep = open.lesson.steps[open.stepIndex];
  const header = headerLine(input);
  const strip = stepStripLine(
    { titles: open.lesson.steps.map((s) => s.title), statuses: open.steps, current: open.stepIndex, frame },
    width,
  );
  const hints = lessonHints({
    activity: open.activity,
    status,
    isLast: open.stepIndex === open.lesson.steps.length - 1,
    complete: open.steps.every((s) => s !== 'running' && hasPassed(s)),
    hasHint: lessonStep?.sections.some((section) => section.kind === 'hint') ?? false,
    hasSolution: lessonStep?.sections.some((section) => section.kind === 'solution') ?? false,
    hasChecks: lessonStep?.blocks.some((block) => block.type === 'check') ?? false,
  });
  // While a question is open its own keys are the only ones that work: the bar stays empty.
  const bottom = [
    ...noticeLines(input.notice, input.busy, width, frame),
    input.dialog ? blankLine : helpBarLine(hints, width),
  ];
  const body = Math.max(MIN_TEXT_ROWS + 2, height - 2 - bottom.length);

  const prose = stepProseLines({
    lesson: open.lesson,
    stepIndex: open.stepIndex,
    previews: open.previews,
    ...(open.picks ? { picks: open.picks } : {}),
    addresses: open.addresses,
    width: width - 1,
    highlight: input.highlight,
    showHint: input.showHint,
    showSolution: input.showSolution,
  });
  const running = open.activity === 'running' || open.activity === 'checking' || open.activity === 'rechecking';
  const earlierNote = step?.status === 'failed' ? earlierStepNote(open.run, open.stepIndex) : undefined;
  const cuts = { count: 0 };
  let output = activityLines(step, width - 1, frame, earlierNote, { cuts });
  if (running && output.length === 0)
    output = [[span(`${statusMark('running', frame).icon} starting…`, { tone: 'running' })]];
  if (open.fault && open.activity === 'idle')
    output = [
      [span(`${statusMark('error').icon} ${open.fault.message}`, { tone: 'failure', bold: true })],
      [span(`hint: ${open.fault.hint}`, { tone: 'muted' })],
    ];

  // Something was cut (with a marker): the key that shows it in full earns a place near the front.
  if (cuts.count > 0 && !input.dialog)
    bottom[bottom.length - 1] = helpBarLine([...hints.slice(0, 1), FULL_HINT, ...hints.slice(1)], width);

  const dialogRoom = body - MIN_TEXT_ROWS - 1;
  const dialog = input.dialog?.(dialogRoom);
  const lower = dialog ? dialog.slice(0, dialogRoom) : output;
  const lowerRows =
    lower.length === 0
      ? 0
      : dialog
        ? lower.length
        : Math.min(lower.length, Math.max(5, Math.round(body * (running ? 0.6 : 0.5))), dialogRoom);
  const textRows = body - (lowerRows ? lowerRows + 1 : 0);

  const textMax = Math.max(0, prose.lines.length - textRows);
  const textTop = Math.min(input.textTop, textMax);
  const text = prose.lines.slice(textTop, textTop + textRows);
  const below = prose.lines.length - textTop - textRows;
  if (below > 0 && text.length)
    text[text.length - 1] = [span(`↓ ${below + 1} more lines · ↓ to scroll`, { tone: 'muted' })];
  while (text.length < textRows) text.push(blankLine);

  const outputMax = Math.max(0, output.length - lowerRows);
  const outputTop = input.outputTop === 'follow' ? outputMax : Math.min(input.outputTop, outputMax);
  const lowerShown = dialog ? lower : lower.slice(outputTop, outputTop + lowerRows);
  const divider = lowerRows
    ? [
        dividerLine(
          dialog ? 'Question' : open.activity === 'rechecking' ? 'Re-checking' : 'Output',
          dialog ? '' : scrollNote(outputTop, lowerRows, output.length),
          width,
        ),
      ]
    : [];

  const lines = [header, strip, ...text, ...divider, ...lowerShown, ...bottom].map((line) => truncateLine(line, width));
  return {
    lines: lines.slice(0, height),
    textMax,
    textPage: Math.max(1, textRows - 1),
    outputMax,
    outputPage: Math.max(1, lowerRows - 1),
    hintAt: prose.hintAt,
    solutionAt: prose.solutionAt,
    hasCode: prose.hasCode,
    cuts: cuts.count,
  };
}

function headerLine(input: LessonScreenInput): Line {
  const { open, width } = input;
  const right = [
    span(`${input.target} · step ${open.stepIndex + 1} of ${open.lesson.steps.length}`, { tone: 'muted' }),
  ];
  const left: Line = [span('◆ ', { tone: 'accent' }), span(open.lesson.title, { bold: true })];
  const room = Math.max(10, width - lineWidth(right) - 1);
  return [...fitLine(left, room), span(' '), ...right];
}

function dividerLine(title: string, note: string, width: number): Line {
  const left = `── ${title} `;
  const right = note ? ` ${note} ──` : '';
  const fill = Math.max(0, width - [...left].length - [...right].length);
  return [
    span(left, { tone: 'muted', bold: true }),
    span('─'.repeat(fill), { tone: 'muted' }),
    span(right, { tone: 'muted' }),
  ];
}

function scrollNote(top: number, rows: number, total: number): string {
  if (total <= rows) return '';
  const end = Math.min(total, top + rows);
  return `${top + 1}–${end} of ${total}${end < total ? ' · PgDn more' : ''}${top > 0 ? ' · PgUp back' : ''}`;
}
