import type { CommandItem, StepState } from '../../engine/index.js';
import type { Block, Step } from '../../lesson/index.js';
import type { TypingView } from '../../demo/index.js';
import { formatDuration } from '../../shared/index.js';
import { breakLine, sanitize, span, wrapLine, type Line, type Span } from '../styled-text.js';
import { statusMark } from '../status.js';

const CURSOR = span(' ', { inverse: true });
const PROMPT = span('$ ', { tone: 'accent', bold: true });

/**
 * The step's terminal as the room sees it: each command in full as it was typed, what it
 * printed, how it ended; files written and values kept; the command being typed right now,
 * with a cursor. Checks are not here: they get badges of their own.
 */
export function terminalLines(step: Step, run: StepState | undefined, typing: TypingView | undefined, width: number, frame: number): Line[] {
  const lines: Line[] = [];
  for (const item of run?.items ?? []) {
    switch (item.kind) {
      case 'command':
        if (item.purpose === 'run') lines.push(...commandLines(item, width, frame));
        break;
      case 'file': {
        // The path as the lesson wrote it (relative to the work folder), not the long absolute one.
        const block = step.blocks.find((candidate) => candidate.id === item.blockId);
        lines.push(...wrapLine([span('✎ wrote ', { tone: 'muted' }), span(block?.type === 'file' ? block.path : item.path, { tone: 'muted' })], width, [span('    ')]));
        break;
      }
      case 'capture':
        lines.push(...wrapLine([span('→ ', { tone: 'accent' }), span(item.name, { bold: true }), span(` = ${sanitize(item.value)}`)], width, [span('    ')]));
        break;
      case 'check':
        break;
    }
  }
  if (typing) lines.push(...typedLines(typing, width));
  return lines;
}

/** Before the step runs: an empty prompt, and what Enter will do (without spoiling the commands). */
export function idlePromptLines(blocks: readonly Block[], width: number): Line[] {
  const commands = blocks.filter((block) => block.type === 'run').length;
  const files = blocks.flatMap((block) => (block.type === 'file' ? [block.path] : []));
  const checks = blocks.filter((block) => block.type === 'check').length;
  const parts = [
    ...(files.length ? [`writes ${files.join(', ')}`] : []),
    ...(commands ? [`types and runs ${commands} command${commands === 1 ? '' : 's'}`] : []),
    ...(checks ? [`checks ${checks} thing${checks === 1 ? '' : 's'}`] : []),
  ];
  const what = parts.length ? `Enter ${parts.join(', then ')}` : 'nothing to run in this step';
  return wrapLine([span('  '), PROMPT, CURSOR, span(`   ${what}`, { tone: 'muted' })], width, [span('      ')]);
}

function typedLines(typing: TypingView, width: number): Line[] {
  const shown = [...typing.command].slice(0, typing.typed).join('');
  const rows = sanitizeLines(shown);
  return rows.flatMap((row, index) => {
    const head: Span[] = index === 0 ? [span('  '), PROMPT] : [span('    ')];
    const tail = index === rows.length - 1 ? [CURSOR] : [];
    return breakLine([...head, span(row, { bold: true }), ...tail], width, [span('    ')]);
  });
}

function commandLines(item: CommandItem, width: number, frame: number): Line[] {
  const mark = statusMark(item.status, frame);
  const lines = sanitizeLines(item.command).flatMap((row, index) =>
    breakLine([...(index === 0 ? [span(`${mark.icon} `, { tone: mark.tone }), PROMPT] : [span('    ')]), span(row, { bold: true })], width, [span('    ')]),
  );
  if (item.droppedLines > 0) lines.push([span(`  … ${item.droppedLines} earlier lines not kept`, { tone: 'muted' })]);
  for (const output of item.output) {
    const prefix = output.stream === 'stderr' ? span('  ┆ ', { tone: 'warning' }) : span('  │ ', { tone: 'muted' });
    lines.push(...breakLine([prefix, span(sanitize(output.line))], width, [prefix]));
  }
  const ending = endingOf(item);
  if (ending) lines.push([span(`  ${mark.icon} ${ending}`, { tone: item.status === 'ok' ? 'muted' : mark.tone })]);
  return lines;
}

function endingOf(item: CommandItem): string | undefined {
  const took = item.durationMs !== undefined ? ` · ${formatDuration(item.durationMs)}` : '';
  switch (item.status) {
    case 'running':
      return undefined;
    case 'ok':
      return `exit ${item.exitCode ?? 0}${took}`;
    case 'failed':
      return `${item.exitCode === undefined ? 'killed' : `exit ${item.exitCode}`}, expected ${item.expectedExit ?? 0}${took}`;
    case 'timed-out':
      return `timed out and stopped${took}`;
    case 'cancelled':
      return `stopped${took}`;
  }
}

function sanitizeLines(text: string): string[] {
  return text.split('\n').map(sanitize);
}
