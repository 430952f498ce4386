import { earlierStepNote, hasPassed } from '../engine/model.js';
import type { Notice, OpenLesson } from '../workshop/index.js';
import { activityLines, stepEndingLines } from './activity-lines.js';
import { helpBarLine } from './help-bar.js';
import { lessonHints, type KeyHint } from './keys.js';
import { introProseLines, stepProseLines } from './lesson-prose.js';
import { blankLine, fitLine, lineWidth, span, truncateLine, type Line } from './styled-text.js';
import type { Highlighter } from './markdown.js';
import { noticeLines } from './notice.js';
import { counted } from './plural.js';
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
  /** Where the output opens when nobody scrolled: its end, or after a failure the first thing that failed. */
  readonly outputFollowTop: number;
  readonly outputPage: number;
  readonly hintAt?: number;
  readonly solutionAt?: number;
  readonly hasCode: boolean;
  /** How many pieces of the output the screen cut (each with a marker): `o` shows them in full. */
  readonly cuts: number;
}

const MIN_TEXT_ROWS = 3;
/** The step's text keeps up to this share of the rows under the header; the output keeps at least a few rows. */
const TEXT_SHARE = 0.5;
const MIN_OUTPUT_ROWS = 4;
const FULL_HINT = { keys: 'o', label: 'full output' };

/**
 * The lesson screen, fitted to the terminal: header, where you are, the step's text (scrolls),
 * the output and checks (scroll, follow the end while running) or a question, the status line
 * and the keys. Exactly `height` lines, none wider than `width`.
 */
export function lessonScreen(input: LessonScreenInput): LessonScreen {
  const { open, width, height, frame } = input;
  const intro = open.onIntro === true;
  const step = open.run.steps[open.stepIndex];
  const status = open.steps[open.stepIndex] ?? 'pending';
  const lessonStep = open.lesson.steps[open.stepIndex];
  const header = headerLine(input, intro);
  const strip = stepStripLine(
    {
      titles: open.lesson.steps.map((s) => s.title),
      statuses: open.steps,
      current: open.stepIndex,
      frame,
      ...(intro ? { label: 'Introduction' } : {}),
    },
    width,
  );
  const hasHint = lessonStep?.sections.some((section) => section.kind === 'hint') ?? false;
  const hints = intro
    ? introHints()
    : lessonHints({
        activity: open.activity,
        status,
        isLast: open.stepIndex === open.lesson.steps.length - 1,
        complete: open.steps.every((s) => s !== 'running' && hasPassed(s)),
        hasHint,
        hintShown: input.showHint,
        hasSolution: lessonStep?.sections.some((section) => section.kind === 'solution') ?? false,
        hasChecks: lessonStep?.blocks.some((block) => block.type === 'check') ?? false,
      });
  const earlierNote = step?.status === 'failed' ? earlierStepNote(open.run, open.stepIndex) : undefined;
  const hint = !hasHint ? 'none' : input.showHint ? 'shown' : 'hidden';
  // Said once: the notice line below already carries the same message when the workshop told it.
  const faultShown =
    open.fault !== undefined && open.activity === 'idle' && !intro && input.notice?.text !== open.fault.message;
  const running = open.activity === 'running' || open.activity === 'checking' || open.activity === 'rechecking';
  const cuts = { count: 0 };
  const failures = { first: undefined as number | undefined };
  let output = intro
    ? []
    : activityLines(step, width - 1, frame, earlierNote, hint, {
        cuts,
        failures,
        endingApart: true,
      });
  if (running && output.length === 0)
    output = [[span(`${statusMark('running', frame).icon} starting…`, { tone: 'running' })]];
  // How the step ended stays in view under the output, however far the output scrolls.
  const ending = intro || input.dialog || faultShown ? [] : stepEndingLines(step, width - 1, earlierNote, hint);
  // With nothing above it (a step that could not run anything), the ending is the output itself.
  const footer = output.length === 0 ? [] : ending;
  if (output.length === 0) output = ending;
  if (faultShown && open.fault)
    output = [
      [span(`${statusMark('error').icon} ${open.fault.message}`, { tone: 'failure', bold: true })],
      [span(`hint: ${open.fault.hint}`, { tone: 'muted' })],
    ];

  // While a question is open its own keys are the only ones that work: the bar stays empty.
  const bottom = [
    ...footer,
    ...noticeLines(input.notice, input.busy, width, frame),
    input.dialog ? blankLine : helpBarLine(hints, width),
  ];
  const body = Math.max(MIN_TEXT_ROWS + 2, height - 2 - bottom.length);

  const proseInput = {
    lesson: open.lesson,
    previews: open.previews,
    ...(open.picks ? { picks: open.picks } : {}),
    addresses: open.addresses,
    width: width - 1,
    highlight: input.highlight,
  };
  const prose = intro
    ? introProseLines(proseInput)
    : stepProseLines({
        ...proseInput,
        stepIndex: open.stepIndex,
        showHint: input.showHint,
        showSolution: input.showSolution,
      });
  // Something was cut (with a marker): the key that shows it in full earns a place near the front.
  if (cuts.count > 0 && !input.dialog)
    bottom[bottom.length - 1] = helpBarLine([...hints.slice(0, 1), FULL_HINT, ...hints.slice(1)], width);

  const dialogRoom = body - MIN_TEXT_ROWS - 1;
  const dialog = input.dialog?.(dialogRoom);
  const lower = dialog ? dialog.slice(0, dialogRoom) : output;
  const lowerRows = lower.length === 0 ? 0 : dialog ? lower.length : outputRows(body, prose.lines.length, lower.length);
  const textRows = body - (lowerRows ? lowerRows + 1 : 0);

  const textMax = Math.max(0, prose.lines.length - textRows);
  const textTop = Math.min(input.textTop, textMax);
  const text = prose.lines.slice(textTop, textTop + textRows);
  const below = prose.lines.length - textTop - textRows;
  if (below > 0 && text.length)
    text[text.length - 1] = [span(`↓ ${counted(below + 1, 'more line')} · ↓ to scroll`, { tone: 'muted' })];
  while (text.length < textRows) text.push(blankLine);

  const outputMax = Math.max(0, output.length - lowerRows);
  // A failed step opens on what failed (its name, expected and actual) rather than on the tail.
  const outputFollowTop =
    !running && step?.status === 'failed' && failures.first !== undefined
      ? Math.min(failures.first, outputMax)
      : outputMax;
  const outputTop = input.outputTop === 'follow' ? outputFollowTop : Math.min(input.outputTop, outputMax);
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
    outputFollowTop,
    outputPage: Math.max(1, lowerRows - 1),
    hintAt: prose.hintAt,
    solutionAt: prose.solutionAt,
    hasCode: prose.hasCode,
    cuts: cuts.count,
  };
}

/**
 * Rows for the output under the step's text. The text comes first: it keeps all it needs up to
 * half the body, the output gives way down to a few rows, and its divider says how much of it is
 * out of view. A short text leaves the rest to the output.
 */
export function outputRows(body: number, textLines: number, outputLines: number): number {
  const room = body - 1 - MIN_TEXT_ROWS;
  const textKeeps = Math.max(MIN_TEXT_ROWS, Math.min(textLines, Math.ceil(body * TEXT_SHARE)));
  const floor = Math.min(outputLines, room, MIN_OUTPUT_ROWS);
  return Math.max(floor, Math.min(outputLines, room, body - 1 - textKeeps));
}

/** On the introduction: the way on, and the keys that are always there. */
function introHints(): KeyHint[] {
  return [
    { keys: 'Enter', label: 'start step 1', primary: true },
    { keys: '↑↓', label: 'text' },
    { keys: '!', label: 'shell' },
    { keys: 'Esc', label: 'lessons', keep: true },
    { keys: '?', label: 'keys' },
    { keys: 'q', label: 'quit', keep: true },
  ];
}

function headerLine(input: LessonScreenInput, intro: boolean): Line {
  const { open, width } = input;
  const where = intro ? 'introduction' : `step ${open.stepIndex + 1} of ${open.lesson.steps.length}`;
  const right = [span(`${input.target} · ${where}`, { tone: 'muted' })];
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

/** Which lines of the output show, and how many are out of view each way with the key that brings them. */
function scrollNote(top: number, rows: number, total: number): string {
  if (total <= rows) return '';
  const end = Math.min(total, top + rows);
  const above = top > 0 ? ` · ↑ ${top} more: PgUp` : '';
  const below = end < total ? ` · ↓ ${total - end} more: PgDn` : '';
  return `${top + 1}–${end} of ${total}${above}${below}`;
}
