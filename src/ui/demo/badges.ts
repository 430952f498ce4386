import type { CheckItem, StepState } from '../../engine/index.js';
import { formatDuration } from '../../shared/index.js';
import { sanitize, span, truncateLine, wrapLine, type Line } from '../styled-text.js';
import { statusMark, type Status } from '../status.js';

/** One verdict for the room: a check, or a step without checks. */
export interface Badge {
  readonly status: Status;
  /** Big word in the badge: PASSED, FAILED… */
  readonly word: string;
  /** What it is about: the check's name. */
  readonly title: string;
  /** Attempts, time taken, time left. */
  readonly facts?: string;
}

const BOX_INNER = 12;

/**
 * Verdicts large enough for the back row: a framed `✓ PASSED` (3 rows) or, when the room is
 * short, a one-row inverse `✓ PASSED`. Icon and word always: the verdict never needs colour.
 */
export function badgeLines(badges: readonly Badge[], width: number, size: 'large' | 'compact', frame = 0): Line[] {
  return badges.flatMap((badge) =>
    size === 'large' ? largeBadge(badge, width, frame) : [compactBadge(badge, width, frame)],
  );
}

function label(
  badge: Badge,
  frame: number,
): { readonly text: string; readonly tone: ReturnType<typeof statusMark>['tone'] } {
  const mark = statusMark(badge.status, frame);
  return { text: `${mark.icon} ${badge.word}`, tone: mark.tone };
}

function largeBadge(badge: Badge, width: number, frame: number): Line[] {
  const { text, tone } = label(badge, frame);
  const inner = ` ${text}`.padEnd(BOX_INNER);
  const style = { tone, bold: true };
  const rule = '━'.repeat(BOX_INNER);
  return [
    truncateLine([span(`┏${rule}┓`, style)], width),
    truncateLine(
      [span('┃', style), span(inner, style), span('┃', style), span(` ${badge.title}`, { bold: true })],
      width,
    ),
    truncateLine(
      [span(`┗${rule}┛`, style), ...(badge.facts ? [span(` ${badge.facts}`, { tone: 'muted' })] : [])],
      width,
    ),
  ];
}

function compactBadge(badge: Badge, width: number, frame: number): Line {
  const { text, tone } = label(badge, frame);
  return truncateLine(
    [
      span(` ${text} `.padEnd(BOX_INNER), { tone, bold: true, inverse: true }),
      span(` ${badge.title}`, { bold: true }),
      ...(badge.facts ? [span(` · ${badge.facts}`, { tone: 'muted' })] : []),
    ],
    width,
  );
}

/** A check's verdict, or its progress while it runs. */
export function checkBadge(item: CheckItem): Badge {
  switch (item.status) {
    case 'running': {
      const facts: string[] = [];
      if (item.repeat > 1) facts.push(`request ${Math.min(item.responses.length + 1, item.repeat)}/${item.repeat}`);
      if (item.attempt) {
        // While it polls, the room sees why it is not there yet, not only that it is trying.
        if (item.attempt.lastFailure) facts.push(stillFailing(item.attempt.lastFailure));
        facts.push(
          `try ${item.attempt.number}`,
          `${Math.max(0, Math.ceil((item.attempt.timeoutMs - item.attempt.elapsedMs) / 1000))}s left`,
        );
      }
      return { status: 'running', word: 'CHECKING', title: item.name, facts: facts.join(' · ') || undefined };
    }
    case 'passed':
    case 'failed':
    case 'error': {
      const result = item.result;
      // Ctrl-C is the presenter's own doing: a calm STOPPED, not a red ERROR.
      if (isStopped(item)) return { status: 'cancelled', word: 'STOPPED', title: item.name, facts: STOPPED_FACTS };
      const facts = result
        ? [
            ...(result.attempts > 1 ? [`after ${result.attempts} attempts`] : []),
            formatDuration(result.durationMs),
          ].join(' · ')
        : undefined;
      return {
        status: item.status,
        word: item.status === 'passed' ? 'PASSED' : item.status === 'failed' ? 'FAILED' : 'ERROR',
        title: item.name,
        facts,
      };
    }
  }
}

const STOPPED_FACTS = 'stopped with Ctrl-C · Enter runs it again';

/** A check that ended because the presenter stopped it (its result is a value with code `cancelled`). */
export function isStopped(item: CheckItem): boolean {
  return item.status !== 'running' && item.result?.fault?.code === 'cancelled';
}

/**
 * A polling check's last failure as the room reads it: `status: expected 401, got 200` becomes
 * `still 200, waiting for 401`; anything else is shown as it came.
 */
export function stillFailing(lastFailure: string): string {
  const found = /^(.+?)(?: \(response (\d+)\))?: expected (.+), got (.+)$/s.exec(lastFailure.trim());
  if (!found) return sanitize(lastFailure);
  const [, subject = '', response, expected = '', actual = ''] = found;
  const what = subject === 'status' ? '' : `${subject} `;
  const where = response ? ` (response ${response})` : '';
  return sanitize(`${what}still ${actual}${where}, waiting for ${expected}`);
}

/** For a step without checks: did its commands run? */
export function stepBadge(step: StepState): Badge | undefined {
  switch (step.status) {
    case 'passed':
      return {
        status: 'passed',
        word: 'DONE',
        title: 'every command ran as expected',
        facts: step.durationMs !== undefined ? formatDuration(step.durationMs) : undefined,
      };
    case 'error':
    case 'failed':
      return {
        status: 'error',
        word: 'ERROR',
        title: step.fault?.message ?? 'the step could not finish',
        facts: step.fault?.hint,
      };
    case 'cancelled':
      return { status: 'cancelled', word: 'STOPPED', title: 'stopped with Ctrl-C', facts: 'Enter runs it again' };
    default:
      return undefined;
  }
}

/** Under a failed check: what was expected and what came back, for the presenter to explain. */
export function failureLines(item: CheckItem, width: number): Line[] {
  const result = item.result;
  if (!result || result.status === 'passed' || isStopped(item)) return [];
  const indent = [span('    ')];
  const lines: Line[] = [];
  if (result.fault) {
    lines.push(
      ...wrapLine(
        [span(`  ${statusMark('error').icon} ${sanitize(result.fault.message)}`, { tone: 'failure' })],
        width,
        indent,
      ),
    );
    lines.push(...wrapLine([span(`    hint: ${sanitize(result.fault.hint)}`, { tone: 'muted' })], width, indent));
  }
  for (const expectation of result.expectations.filter((e) => !e.passed)) {
    const where = expectation.responseIndex !== undefined ? `response ${expectation.responseIndex + 1} · ` : '';
    lines.push(
      ...wrapLine(
        [
          span(`  ${statusMark('failed').icon} `, { tone: 'failure' }),
          span(
            sanitize(`${where}${expectation.subject}: expected ${expectation.expected}, actual ${expectation.actual}`),
          ),
        ],
        width,
        indent,
      ),
    );
  }
  if (result.status === 'failed' && result.response)
    lines.push([span(`    response: HTTP ${result.response.status}`, { tone: 'muted' })]);
  return lines;
}
