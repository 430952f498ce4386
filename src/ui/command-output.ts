import type { CommandItem } from '../engine/index.js';
import { formatDuration } from '../shared/index.js';
import { breakLine, sanitize, span, wrapLine, type Line } from './styled-text.js';
import { cutMarkerLine, moreLines, type CutView } from './cut.js';
import { statusMark } from './status.js';

/**
 * A command and what it printed: `$ command`, its output lines (stderr marked, since colour may
 * be off), and how it ended. Output keeps its spacing and breaks at the width rather than reflowing.
 */
export function commandOutputLines(item: CommandItem, width: number, frame: number, view: CutView = {}): Line[] {
  const mark = statusMark(item.status === 'running' ? 'running' : item.status, frame);
  const [first = '', ...more] = item.command.split('\n');
  const indent = [span('    ')];
  const lines: Line[] = [
    ...wrapLine(
      [
        span(`${mark.icon} `, { tone: mark.tone }),
        span('$ ', { tone: 'muted' }),
        span(sanitize(first), { bold: true }),
      ],
      width,
      indent,
    ),
  ];
  // A script's later lines fold away on a compact screen, counted; the pager shows them all.
  if (view.full) {
    for (const text of more) lines.push(...breakLine([...indent, span(sanitize(text), { bold: true })], width, indent));
  } else if (more.length) {
    if (view.cuts) view.cuts.count++;
    lines.push(cutMarkerLine(moreLines(more.length), '    '));
  }
  lines.push(...printedLines(item, width));
  const ending = commandEnding(item);
  if (ending) lines.push([span(`  ${mark.icon} ${ending}`, { tone: mark.tone })]);
  return lines;
}

/** What the command printed, stderr marked; each line keeps its spacing and breaks at the width. */
export function printedLines(item: CommandItem, width: number): Line[] {
  const lines: Line[] = [];
  if (item.droppedLines > 0) lines.push([span(`  … ${item.droppedLines} earlier lines not kept`, { tone: 'muted' })]);
  for (const output of item.output) {
    const prefix = output.stream === 'stderr' ? span('  ┆ ', { tone: 'warning' }) : span('  │ ', { tone: 'muted' });
    lines.push(...breakLine([prefix, span(sanitize(output.line))], width, [prefix]));
  }
  return lines;
}

/** How the command ended, in words (exit code, the one expected, time taken); undefined while it runs. */
export function commandEnding(item: CommandItem): string | undefined {
  const took = item.durationMs !== undefined ? ` · ${formatDuration(item.durationMs)}` : '';
  switch (item.status) {
    case 'running':
      return undefined;
    case 'ok':
      return `exit ${item.exitCode ?? 0}${took}`;
    case 'failed':
      return (
        `${item.exitCode === undefined ? 'killed' : `exit ${item.exitCode}`}, expected ` +
        `${item.expectedExit ?? 0}${took}`
      );
    case 'timed-out':
      return `timed out and stopped${took}`;
    case 'cancelled':
      return `stopped${took}`;
  }
}
