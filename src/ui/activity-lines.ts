import type { CheckItem, StepState } from '../engine/index.js';
import { assertNever } from '../shared/index.js';
import { checkResultLines } from './check-result.js';
import { commandOutputLines } from './command-output.js';
import type { CutView } from './cut.js';
import { sanitize, span, wrapLine, type Line } from './styled-text.js';
import { rateLimitChartLines } from './rate-limit-chart.js';
import { statusMark } from './status.js';

/**
 * What happened when the step ran, in order: commands with their output, files written,
 * values captured, checks; then the rate-limit chart and how the step ended.
 */
export function activityLines(
  step: StepState | undefined,
  width: number,
  frame: number,
  /** For a failure: an earlier step that has not passed (earlierStepNote), named before the hint. */
  earlierNote?: string,
  /** Whether the step has a hint, and whether it is open: a failure says the key that shows or hides it. */
  hint: 'none' | 'shown' | 'hidden' = 'hidden',
  view: CutView = {},
): Line[] {
  if (!step || (step.items.length === 0 && step.status === 'pending')) return [];
  const lines: Line[] = [];
  for (const item of step.items) {
    if (view.failures && view.failures.first === undefined && isFailure(item)) view.failures.first = lines.length;
    switch (item.kind) {
      case 'command':
        lines.push(...commandOutputLines(item, width, frame, view));
        break;
      case 'file':
        lines.push(...wrapLine([span('✎ wrote ', { tone: 'muted' }), span(item.path)], width, [span('    ')]));
        break;
      case 'capture':
        lines.push(
          ...wrapLine(
            [span('→ ', { tone: 'accent' }), span(item.name, { bold: true }), span(` = ${sanitize(item.value)}`)],
            width,
            [span('    ')],
          ),
        );
        break;
      case 'check':
        lines.push(...checkResultLines(item, width, frame, view));
        break;
      default:
        assertNever(item);
    }
  }
  const chart = rateLimitChartLines(
    step.items.filter((item): item is CheckItem => item.kind === 'check'),
    width,
  );
  if (chart.length) lines.push([], ...chart);
  if (view.endingApart) return lines;
  const ending = stepEndingLines(step, width, earlierNote, hint);
  // A blank line sets the ending apart from what came before it, when anything did.
  if (ending.length && lines.length) lines.push([]);
  lines.push(...ending);
  return lines;
}

/** How the step ended ("✗ Step failed · h shows a hint"), wrapped to `width`; nothing while it runs. */
export function stepEndingLines(
  step: StepState | undefined,
  width: number,
  earlierNote?: string,
  hint: 'none' | 'shown' | 'hidden' = 'hidden',
): Line[] {
  if (!step) return [];
  return stepEnding(step, earlierNote, hint).flatMap((line) => wrapLine(line, width, [span('  ')]));
}

function isFailure(item: StepState['items'][number]): boolean {
  if (item.kind === 'check') return item.status === 'failed' || item.status === 'error';
  if (item.kind === 'command') return item.status === 'failed' || item.status === 'timed-out';
  return false;
}

const HINT_KEY = { none: '', shown: ' · h hides the hint', hidden: ' · h shows a hint' } as const;

/** How the step ended, in one word for each ending whether it ran or only checked: "Step failed". */
function stepEnding(step: StepState, earlierNote: string | undefined, hint: keyof typeof HINT_KEY): Line[] {
  const mark = statusMark(step.status);
  switch (step.status) {
    case 'pending':
    case 'running':
      return [];
    case 'passed':
      return [[span(`${mark.icon} Step passed`, { tone: mark.tone, bold: true })]];
    case 'failed':
      return [
        [
          span(`${mark.icon} Step failed`, { tone: mark.tone, bold: true }),
          ...(hint === 'none' ? [] : [span(HINT_KEY[hint], { tone: 'muted' })]),
        ],
        ...(earlierNote ? [[span(`note: ${earlierNote}`, { tone: 'warning' })]] : []),
      ];
    case 'error': {
      // A check's fault is already said under the check, with its hint: said once.
      const fault = step.fault;
      const saidAbove = step.items.some(
        (item) => item.kind === 'check' && item.result?.fault?.message === fault?.message,
      );
      if (!fault || saidAbove) return [[span(`${mark.icon} Step could not finish`, { tone: mark.tone, bold: true })]];
      return [
        [span(`${mark.icon} ${fault.message}`, { tone: mark.tone, bold: true })],
        [span(`hint: ${fault.hint}`, { tone: 'muted' })],
      ];
    }
    case 'skipped':
      return [[span(`${mark.icon} Skipped`, { tone: mark.tone })]];
    case 'cancelled':
      return [
        [
          span(`${mark.icon} Stopped`, { tone: mark.tone, bold: true }),
          span(' · Enter runs it again', { tone: 'muted' }),
        ],
      ];
    default:
      return assertNever(step.status);
  }
}
