import type { CommandItem, StepState } from '../../engine/index.js';
import type { Block, Step } from '../../lesson/index.js';
import type { TypingView } from '../../demo/index.js';
import { commandEnding, printedLines } from '../command-output.js';
import { breakLine, sanitize, span, wrapLine, type Line, type Span } from '../styled-text.js';
import { statusMark } from '../status.js';

const CURSOR = span(' ', { inverse: true });
const PROMPT = span('$ ', { tone: 'accent', bold: true });

/** A piece of the terminal: lines always kept, the output (which may be cut), lines after it. */
interface TerminalGroup {
  readonly head: readonly Line[];
  readonly output: readonly Line[];
  readonly tail: readonly Line[];
}

export interface TerminalView {
  readonly lines: Line[];
  /** The same, cut to `rows`: every command stays readable, its output shortened, oldest first. */
  fit(rows: number): Line[];
}

/**
 * The step's terminal as the room sees it: each command in full as it was typed, what it
 * printed, how it ended; files written and values kept; the command being typed right now,
 * with a cursor. Checks are not here: they get badges of their own.
 */
export function terminalLines(
  step: Step,
  run: StepState | undefined,
  typing: TypingView | undefined,
  width: number,
  frame: number,
): TerminalView {
  const groups: TerminalGroup[] = [];
  const single = (lines: readonly Line[]) => groups.push({ head: lines, output: [], tail: [] });
  for (const item of run?.items ?? []) {
    switch (item.kind) {
      case 'command':
        if (item.purpose === 'run') groups.push(commandGroup(item, width, frame));
        break;
      case 'file': {
        // The path as the lesson wrote it (relative to the work folder), not the long absolute one.
        const block = step.blocks.find((candidate) => candidate.id === item.blockId);
        single(
          wrapLine(
            [
              span('✎ wrote ', { tone: 'muted' }),
              span(block?.type === 'file' ? block.path : item.path, { tone: 'muted' }),
            ],
            width,
            [span('    ')],
          ),
        );
        break;
      }
      case 'capture':
        single(
          wrapLine(
            [span('→ ', { tone: 'accent' }), span(item.name, { bold: true }), span(` = ${sanitize(item.value)}`)],
            width,
            [span('    ')],
          ),
        );
        break;
      case 'check':
        break;
    }
  }
  if (typing) single(typedLines(typing, width));
  return { lines: groups.flatMap(flatten), fit: (rows) => fitGroups(groups, rows) };
}

function flatten(group: TerminalGroup): Line[] {
  return [...group.head, ...group.output, ...group.tail];
}

function fitGroups(groups: readonly TerminalGroup[], rows: number): Line[] {
  const all = groups.flatMap(flatten);
  if (all.length <= rows) return all;
  // Every output folded to one line; if even that is too long, the latest lines win.
  const folded = groups.reduce(
    (sum, group) => sum + group.head.length + group.tail.length + (group.output.length ? 1 : 0),
    0,
  );
  if (folded > rows) {
    const compact = groups.flatMap((group) => [
      ...group.head,
      ...(group.output.length > 1 ? [elided(group.output.length)] : group.output),
      ...group.tail,
    ]);
    return [
      [span(`  … ${compact.length - rows + 1} lines above`, { tone: 'muted' })],
      ...compact.slice(compact.length - rows + 1),
    ];
  }
  // The rows left go to the latest outputs first, each showing its last lines.
  let spare = rows - folded;
  const shown = new Map<TerminalGroup, number>();
  for (const group of [...groups].reverse()) {
    if (!group.output.length) continue;
    const more = Math.min(group.output.length - 1, spare);
    shown.set(group, 1 + more);
    spare -= more;
  }
  return groups.flatMap((group) => {
    const keep = shown.get(group) ?? 0;
    const output =
      keep >= group.output.length
        ? group.output
        : keep > 0
          ? [elided(group.output.length - keep + 1), ...group.output.slice(group.output.length - keep + 1)]
          : [];
    return [...group.head, ...output, ...group.tail];
  });
}

function elided(count: number): Line {
  return [span(`  │ … ${count} line${count === 1 ? '' : 's'}`, { tone: 'muted' })];
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

function commandGroup(item: CommandItem, width: number, frame: number): TerminalGroup {
  const mark = statusMark(item.status, frame);
  // Every line of the command, not the workshop's first line and a count: the room reads what was typed.
  const head = sanitizeLines(item.command).flatMap((row, index) =>
    breakLine(
      [
        ...(index === 0 ? [span(`${mark.icon} `, { tone: mark.tone }), PROMPT] : [span('    ')]),
        span(row, { bold: true }),
      ],
      width,
      [span('    ')],
    ),
  );
  const ending = commandEnding(item);
  return {
    head,
    output: printedLines(item, width),
    tail: ending ? [[span(`  ${mark.icon} ${ending}`, { tone: item.status === 'ok' ? 'muted' : mark.tone })]] : [],
  };
}

function sanitizeLines(text: string): string[] {
  return text.split('\n').map(sanitize);
}
