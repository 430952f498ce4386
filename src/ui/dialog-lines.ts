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

/** Lessons from elsewhere list what they would run before anything runs. */
export function trustLines(dialog: TrustDialog, width: number, room: number): Line[] {
  const head: Line[] = [
    ...wrapLine(
      [
        span('! ', { tone: 'warning', bold: true }),
        span(`“${dialog.title}” does not ship with kong-workshop.`, { bold: true }),
      ],
      width,
      indent,
    ),
    ...wrapLine(
      [span(`  It runs commands on this machine as you. From ${dialog.file}:`, { tone: 'muted' })],
      width,
      indent,
    ),
  ];
  const foot: Line[] = [
    truncateLine(
      [
        span('  y', { bold: true }),
        span(' trust it and open  ', { tone: 'muted' }),
        span('n', { bold: true }),
        span(' go back', { tone: 'muted' }),
      ],
      width,
    ),
  ];
  const space = Math.max(1, room - head.length - foot.length);
  const commands = dialog.commands
    .slice(0, dialog.commands.length > space ? space - 1 : space)
    .map((command) => truncateLine([span('    $ ', { tone: 'muted' }), span(command)], width));
  if (dialog.commands.length > commands.length)
    commands.push([span(`    … and ${dialog.commands.length - commands.length} more`, { tone: 'muted' })]);
  return [...head, ...commands, ...foot];
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
