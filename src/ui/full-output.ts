import { earlierStepNote } from '../engine/model.js';
import type { OpenLesson } from '../workshop/index.js';
import { activityLines } from './activity-lines.js';
import { breakLine, lineText, span, type Line } from './styled-text.js';

/** Masks secrets; the workshop's Redactor, the one the run's events already went through. */
export type Redact = (text: string) => string;

/** Wide enough that no line of output is broken: `$PAGER` gets lines as they were printed. */
const UNBROKEN = 10_000;

/** The pager's title: which step's output this is. */
export function fullOutputTitle(open: OpenLesson): string {
  const step = open.lesson.steps[open.stepIndex];
  return `Step ${open.stepIndex + 1}${step ? ` · ${step.title}` : ''} · output in full`;
}

/**
 * The step's output with nothing cut (every line of every command, body and value), at `width`.
 * It passes through `redact` once more on its way out: should a secret ever slip past the engine,
 * the pager still shows the mask (the lines then lose their colour, not their text).
 */
export function fullOutputLines(open: OpenLesson, width: number, redact: Redact, frame = 0): Line[] {
  const lines = stepLines(open, width, frame);
  const text = lines.map(lineText).join('\n');
  const masked = redact(text);
  if (masked === text) return lines;
  return masked.split('\n').flatMap((line) => breakLine([span(line)], width));
}

/** The same as plain text, lines unbroken, for `$PAGER`; masked the same way. */
export function fullOutputText(open: OpenLesson, redact: Redact): string {
  return `${redact(
    stepLines(open, UNBROKEN, 0)
      .map((line) => lineText(line).trimEnd())
      .join('\n'),
  )}\n`;
}

function stepLines(open: OpenLesson, width: number, frame: number): Line[] {
  const step = open.run.steps[open.stepIndex];
  const earlierNote = step?.status === 'failed' ? earlierStepNote(open.run, open.stepIndex) : undefined;
  const lines = activityLines(step, width, frame, earlierNote, 'none', { full: true });
  return lines.length ? lines : [[span('Nothing has run in this step yet.', { tone: 'muted' })]];
}
