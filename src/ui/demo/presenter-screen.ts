import { nextPosition, TITLE_CARD, type DemoState } from '../../demo/index.js';
import type { CheckItem, StepState } from '../../engine/index.js';
import type { Lesson, Step } from '../../lesson/index.js';
import { lessonNumber } from '../../shared/index.js';
import { helpBarLine } from '../help-bar.js';
import { markdownLines } from '../markdown.js';
import { noticeLines } from '../notice.js';
import { consumerChartLines } from '../rate-limit-chart.js';
import { blankLine, fitLine, lineWidth, span, truncateLine, type Line, type Span } from '../styled-text.js';
import { badgeLines, checkBadge, failureLines, isStopped, stepBadge, type Badge } from './badges.js';
import { titleLines } from './big-title.js';
import { exchangeLines } from './exchange-lines.js';
import { keyLines } from './condense.js';
import { demoHints } from './demo-keys.js';
import { allocate, type Section } from './layout.js';
import { titleCardSections } from './title-card.js';
import { idlePromptLines, terminalLines } from './terminal-lines.js';

export interface PresenterInput {
  readonly state: DemoState;
  readonly width: number;
  readonly height: number;
  readonly frame: number;
  readonly notesShown: boolean;
  /** `--record`: the header says so, for the presenter (and the recording). */
  readonly recording: boolean;
  /** A question or a confirmation, in place of the key bar. */
  readonly question?: readonly Line[];
}

/**
 * The presenter view, fitted to the terminal: where the talk is, the step title in big letters,
 * its key lines, the terminal where commands are typed and run, the checks' verdicts, the
 * presenter notes, what comes next, and the keys. Exactly `height` lines, none wider than `width`.
 */
export function presenterScreen(input: PresenterInput): Line[] {
  const { state, width, height } = input;
  const lesson = state.lessons[state.position.lesson];
  const step = lesson?.steps[state.position.step];
  const header = headerLine(input, lesson);
  const bottom = [
    ...noticeLines(state.notice, undefined, width, input.frame),
    ...(input.question ?? [helpBarLine(demoHints(state, input.notesShown, hasNotes(step)), width)]),
  ];
  const next = nextLine(state, width);
  const running = step ? started(state) : false;
  let title: Line[] = [];
  let room = 0;
  let sections: Section[] = [];
  for (const rows of titleRowOptions(height, running)) {
    title = titleLines(step?.title ?? lesson?.title ?? '', width, rows);
    room = Math.max(0, height - 1 - title.length - 1 - 1 - bottom.length);
    sections = !lesson
      ? []
      : step
        ? stepSections(input, step, room)
        : titleCardSections(lesson, state.runs[state.position.lesson], width);
    if (
      sections.reduce(
        (sum, section) => sum + (section.body.length ? section.body.length + (section.head ? 1 : 0) : 0),
        0,
      ) <= room
    )
      break;
  }
  const body = allocate(sections, room);
  while (body.length < room) body.push(blankLine);
  const lines = [header, ...title, blankLine, ...body, next, ...bottom].map((line) => truncateLine(line, width));
  return lines.slice(0, height);
}

function headerLine(input: PresenterInput, lesson: Lesson | undefined): Line {
  const { state, width } = input;
  const { position } = state;
  const where = [
    `lesson ${lessonNumber(lesson?.file ?? '', position.lesson)}`,
    ...(position.step === TITLE_CARD ? [] : [`step ${position.step + 1}/${lesson?.steps.length ?? 0}`]),
    state.target,
  ];
  const flags: Span[] = [];
  if (input.recording) flags.push(span(' ● REC ', { tone: 'failure', bold: true }));
  if (state.paused) flags.push(span(' ⏸ PAUSED ', { inverse: true, bold: true }));
  else if (state.autoAdvance?.remainingMs !== undefined)
    flags.push(span(` auto ▸ ${Math.ceil(state.autoAdvance.remainingMs / 1000)}s `, { tone: 'accent', bold: true }));
  const right: Line = [...flags, span(` ${where.join(' · ')}`, { tone: 'muted' })];
  const left: Line = [span('◆ ', { tone: 'accent' }), span(lesson?.title ?? '', { bold: true })];
  const room = Math.max(10, width - lineWidth(right));
  return [...fitLine(left, room), ...right];
}

/** Everything the slide shows, uncut (key lines, terminal or request and answer, checks, notes): what `f` opens. */
export function presenterFullLines(input: PresenterInput): Line[] {
  const { state } = input;
  const lesson = state.lessons[state.position.lesson];
  if (!lesson) return [];
  const step = lesson.steps[state.position.step];
  const sections = step
    ? stepSections(input, step, Number.MAX_SAFE_INTEGER)
    : titleCardSections(lesson, state.runs[state.position.lesson], input.width);
  return sections.flatMap((section) =>
    section.body.length ? [...(section.head ? [section.head] : []), ...section.body] : [],
  );
}

function stepSections(input: PresenterInput, step: Step, room: number): Section[] {
  const { state, width, frame } = input;
  const run = state.runs[state.position.lesson]?.steps[state.position.step];
  const typing = typingHere(state);
  const running = started(state);
  const view = running ? terminalLines(step, run, typing, width, frame) : undefined;
  // A step that only checks has nothing typed: its latest request and answer take the terminal's place.
  const exchange = running && checksOnly(step) ? latestExchange(run, width) : undefined;
  // Values the checks kept (a Retry-After for the next step) stay under it.
  const kept = view?.lines ?? [];
  const terminal = exchange
    ? [...exchange, ...(kept.length ? [blankLine, ...kept] : [])]
    : (view?.lines ?? idlePromptLines(step.blocks, width));
  const notes = input.notesShown ? notesLines(step, width) : [];
  const prose = keyLines(step.blocks, width);
  const checks = (size: 'large' | 'compact') => checkLines(step, run, width, frame, size);
  const large = checks('large');
  // Big badges when they fit beside a few lines of terminal (and the notes); one row each otherwise.
  const others = Math.min(terminal.length + 1, 5) + (notes.length ? 3 : 0);
  const verdicts = large.length + 1 + others <= room ? large : checks('compact');
  const divider = dividerLine(
    exchange ? 'request and answer' : running ? 'terminal' : 'terminal · nothing has run yet',
    width,
  );
  if (!running) {
    // A slide: a few key lines, the prompt, what will be checked and the notes all get a place
    // first; the key lines then take what is left.
    return [
      { body: prose, keep: 'head', min: 4, priority: 1, grow: 4 },
      { head: divider, body: terminal, keep: 'tail', min: 2, priority: 2 },
      { head: blankLine, body: verdicts, keep: 'head', min: Math.min(verdicts.length + 1, 5), priority: 3 },
      { head: blankLine, body: notes, keep: 'head', min: 4, priority: 4, grow: 3 },
    ];
  }
  return [
    { body: prose, keep: 'head', min: 2, priority: 4 },
    {
      head: divider,
      body: terminal,
      keep: exchange ? 'head' : 'tail',
      fit: exchange ? undefined : view?.fit,
      min: 4,
      priority: 2,
    },
    // The verdicts are what the room waits for: all of them, before anything else.
    { head: blankLine, body: verdicts, keep: 'head', min: Math.min(verdicts.length + 1, room), priority: 1 },
    { head: blankLine, body: notes, keep: 'head', min: 3, priority: 3 },
  ];
}

/**
 * Title sizes to try, largest first. A slide before its step runs keeps the biggest title (two
 * lines of block letters on a tall enough terminal); once the step runs, the title is as large
 * as leaves room for the terminal and the verdicts, and at most one line of block letters
 * when even that is not enough.
 */
function titleRowOptions(height: number, running: boolean): number[] {
  if (height < 16) return [1];
  if (height < 22) return [3];
  return running ? [6, 3] : [6];
}

function typingHere(state: DemoState) {
  const { typing, position } = state;
  return typing && typing.lesson === position.lesson && typing.step === position.step ? typing : undefined;
}

/** Whether the step on screen has run (or runs, or is being typed) since the talk began. */
function started(state: DemoState): boolean {
  const run = state.runs[state.position.lesson]?.steps[state.position.step];
  return typingHere(state) !== undefined || (run !== undefined && (run.items.length > 0 || run.status !== 'pending'));
}

/** Verdicts for the checks that ran, what is still to check, the rate-limit chart, failures explained. */
function checkLines(
  step: Step,
  run: StepState | undefined,
  width: number,
  frame: number,
  size: 'large' | 'compact',
): Line[] {
  const items = (run?.items ?? []).filter((item): item is CheckItem => item.kind === 'check');
  const seen = new Set(items.map((item) => item.blockId));
  const pending = step.blocks.filter((block) => block.type === 'check' && !seen.has(block.id));
  const badges: Badge[] = items.map(checkBadge);
  // One verdict per outcome: a stopped check already says STOPPED, so the step does not say it again.
  const stoppedCheck = items.some(isStopped);
  const ending =
    run &&
    ((run.status === 'cancelled' && !stoppedCheck) ||
      run.status === 'error' ||
      (run.status === 'passed' && items.length === 0))
      ? stepBadge(run)
      : undefined;
  if (ending) badges.push(ending);
  const lines = badgeLines(badges, width, size, frame);
  for (const item of items) lines.push(...failureLines(item, width));
  for (const block of pending)
    if (block.type === 'check')
      lines.push(truncateLine([span('  ○ ', { tone: 'muted' }), span(block.name, { tone: 'muted' })], width));
  const chart = consumerChartLines(items, width);
  if (chart.length) lines.push(blankLine, ...chart);
  return lines;
}

function checksOnly(step: Step): boolean {
  return !step.blocks.some((block) => block.type === 'run' || block.type === 'file');
}

/**
 * The check the room is watching: the one running, else the latest that failed, else the latest
 * that Kong refused with a 429 (the answer a rate-limit step builds up to), else the latest.
 */
function latestExchange(run: StepState | undefined, width: number): Line[] | undefined {
  const checks = (run?.items ?? []).filter((item): item is CheckItem => item.kind === 'check' && !!item.request);
  const item =
    checks.findLast((check) => check.status === 'running') ??
    checks.findLast((check) => check.status === 'failed' || check.status === 'error') ??
    checks.findLast((check) => check.result?.response?.status === 429) ??
    checks.at(-1);
  return item ? exchangeLines(item, width) : undefined;
}

function hasNotes(step: Step | undefined): boolean {
  return step?.sections.some((section) => section.kind === 'notes') ?? false;
}

/** The lesson's presenter notes: shown here and nowhere else in kong-workshop. */
function notesLines(step: Step, width: number): Line[] {
  const bar = span('▌ ', { tone: 'warning' });
  const inner: Line[] = [];
  for (const section of step.sections.filter((s) => s.kind === 'notes')) {
    for (const block of section.blocks) {
      if (inner.length) inner.push(blankLine);
      if (block.type === 'prose') inner.push(...markdownLines(block.markdown, { width: width - 2 }));
      else if (block.type === 'display')
        inner.push(...markdownLines(`\`\`\`${block.lang}\n${block.code}\n\`\`\``, { width: width - 2 }));
    }
  }
  if (inner.length === 0) return [];
  return [
    [bar, span('Presenter notes', { tone: 'warning', bold: true }), span('  (o hides them)', { tone: 'muted' })],
    ...inner.map((line) => [bar, ...line]),
  ];
}

function nextLine(state: DemoState, width: number): Line {
  const next = nextPosition(state.lessons, state.position);
  if (!next) return [span('Next ▸ ', { tone: 'muted' }), span('the end of the talk', { tone: 'muted', italic: true })];
  const lesson = state.lessons[next.lesson]!;
  const what =
    next.step === TITLE_CARD
      ? `lesson ${lessonNumber(lesson.file, next.lesson)}: ${lesson.title}`
      : `${next.step + 1}. ${lesson.steps[next.step]!.title}`;
  return truncateLine([span('Next ▸ ', { tone: 'muted' }), span(what, { bold: true })], width);
}

function dividerLine(title: string, width: number): Line {
  const left = `── ${title} `;
  return [
    span(left, { tone: 'muted', bold: true }),
    span('─'.repeat(Math.max(0, width - [...left].length)), { tone: 'muted' }),
  ];
}
