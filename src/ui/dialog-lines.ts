import type { PromptDialog, ResumeDialog, TrustDialog } from '../workshop/index.js';
import { blankLine, span, truncateLine, wrapLine, type Line } from './styled-text.js';

const indent = [span('  ')];

/**
 * A question for a value. A secret shows one • per character typed and never the text; the
 * lesson's hint sits under the field, and a refused answer says why.
 */
export function promptLines(dialog: PromptDialog, typed: string, width: number): Line[] {
  const shown = dialog.secret ? '•'.repeat([...typed].length) : typed;
  const lines: Line[] = [
    ...wrapLine(
      [
        span('? ', { tone: 'accent', bold: true }),
        span(dialog.question, { bold: true }),
        span(`  ${dialog.name}${dialog.secret ? ' · secret, hidden as you type' : ''}`, { tone: 'muted' }),
      ],
      width,
      indent,
    ),
    truncateLine(
      [
        span('  > ', { tone: 'accent' }),
        span(shown),
        span(' ', { inverse: true }),
        ...(typed === '' && dialog.default !== undefined
          ? [span(`  Enter keeps ${dialog.secret ? 'the saved value' : dialog.default}`, { tone: 'muted' })]
          : []),
      ],
      width,
    ),
  ];
  if (dialog.error)
    lines.push(
      ...wrapLine([span('  ✗ ', { tone: 'failure' }), span(dialog.error, { tone: 'failure' })], width, indent),
    );
  if (dialog.hint) lines.push(...wrapLine([span(`  ${dialog.hint}`, { tone: 'muted' })], width, indent));
  lines.push(
    truncateLine(
      [
        span('  Enter', { bold: true }),
        span(' confirm  ', { tone: 'muted' }),
        span('Esc', { bold: true }),
        span(' cancel', { tone: 'muted' }),
      ],
      width,
    ),
  );
  return lines;
}

/**
 * Lessons from elsewhere list everything they would do before anything runs: every line of every
 * command, the files they write and read, and the requests that go beyond the target (with the
 * secrets those carry). What does not fit scrolls (`scroll` lines down), never cut off.
 */
export function trustLines(dialog: TrustDialog, width: number, room: number, scroll = 0): Line[] {
  const head: Line[] = [
    ...wrapLine(
      [
        span('! ', { tone: 'warning', bold: true }),
        span(`“${dialog.title}” does not ship with kong-workshop.`, { bold: true }),
      ],
      width,
      indent,
    ),
    ...wrapLine([span(`  From ${dialog.file}. Run as you, it would:`, { tone: 'muted' })], width, indent),
  ];
  const body = trustPlanLines(dialog.plan, width);
  const space = Math.max(1, room - head.length - 1);
  const top = Math.max(0, Math.min(scroll, body.length - space));
  const shown = body.slice(top, top + space);
  const below = body.length - top - shown.length;
  const foot: Line[] = [
    truncateLine(
      [
        span('  y', { bold: true }),
        span(' trust it and open  ', { tone: 'muted' }),
        span('n', { bold: true }),
        span(' go back', { tone: 'muted' }),
        ...(body.length > space
          ? [span('  ↑↓', { bold: true }), span(` scroll (${top} above, ${below} below)`, { tone: 'muted' })]
          : []),
      ],
      width,
    ),
  ];
  return [...head, ...shown, ...foot];
}

/** The whole plan as lines: commands first (what runs), then writes, requests and reads. */
export function trustPlanLines(plan: TrustDialog['plan'], width: number): Line[] {
  const deeper = [span('      ')];
  const lines: Line[] = [];
  for (const command of plan.commands)
    command.split('\n').forEach((text, i) => {
      lines.push(...wrapLine([span(i === 0 ? '    $ ' : '      ', { tone: 'muted' }), span(text)], width, deeper));
    });
  for (const path of plan.writes)
    lines.push(...wrapLine([span('    writes ', { tone: 'muted' }), span(path)], width, deeper));
  for (const request of plan.requests)
    lines.push(
      ...wrapLine(
        [
          span('    sends ', { tone: 'warning' }),
          span(`${request.method} ${request.url}`),
          span(
            request.secrets.length > 0 ? ` with ${request.secrets.join(', ')}: not the target` : ': not the target',
            { tone: 'warning' },
          ),
        ],
        width,
        deeper,
      ),
    );
  for (const path of plan.reads)
    lines.push(...wrapLine([span('    shows ', { tone: 'muted' }), span(path)], width, deeper));
  return lines.length > 0 ? lines : [[span('    nothing but text', { tone: 'muted' })]];
}

/** Back in a lesson that passed steps before: offer to check they still pass. */
export function resumeLines(dialog: ResumeDialog, width: number): Line[] {
  return [
    ...wrapLine(
      [
        span('↻ ', { tone: 'accent', bold: true }),
        span(`Welcome back. You were on step ${dialog.stepIndex + 1} of ${dialog.total}, “${dialog.stepTitle}”.`, {
          bold: true,
        }),
      ],
      width,
      indent,
    ),
    ...wrapLine(
      [
        span(
          `  ${dialog.passed} step${dialog.passed === 1 ? '' : 's'} passed last time. Sandboxes get reset and ` +
            `clusters recreated: re-check ${dialog.passed === 1 ? 'it' : 'them'} before going on?`,
        ),
      ],
      width,
      indent,
    ),
    blankLine,
    truncateLine(
      [
        span('  y', { bold: true }),
        span('/Enter re-check now  ', { tone: 'muted' }),
        span('n', { bold: true }),
        span(' continue without', { tone: 'muted' }),
      ],
      width,
    ),
  ];
}

/** Asked before the solution shows: trying first is how the lesson sticks. */
export function confirmSolutionLines(width: number): Line[] {
  return [
    ...wrapLine(
      [
        span('? ', { tone: 'accent', bold: true }),
        span('Show the solution? Giving it one more try often teaches more.', { bold: true }),
      ],
      width,
      indent,
    ),
    truncateLine(
      [
        span('  y', { bold: true }),
        span(' show it  ', { tone: 'muted' }),
        span('n', { bold: true }),
        span(' not yet', { tone: 'muted' }),
      ],
      width,
    ),
  ];
}
