import { samePosition, stepsBefore, type DemoState, type FastForwardView } from '../../demo/index.js';
import type { StepItem } from '../../engine/index.js';
import { helpBarLine } from '../help-bar.js';
import { blankLine, sanitize, span, truncateLine, wrapLine, type Line } from '../styled-text.js';
import { statusMark } from '../status.js';
import { progressBar } from '../step-list.js';
import { titleLines } from './big-title.js';
import { demoHints } from './demo-keys.js';
import { allocate } from './layout.js';

export interface FastForwardInput {
  readonly state: DemoState & { readonly fastForward: FastForwardView };
  readonly width: number;
  readonly height: number;
  readonly frame: number;
  readonly question?: readonly Line[];
}

/**
 * `--from`: the earlier steps run quietly while this shows a progress bar, each step's mark,
 * and the last line the running one printed. Exactly `height` lines.
 */
export function fastForwardScreen(input: FastForwardInput): Line[] {
  const { state, width, height, frame } = input;
  const view = state.fastForward;
  const goal = state.lessons[view.target.lesson];
  const goalStep = goal?.steps[view.target.step];
  const header: Line = [
    span('◆ ', { tone: 'accent' }),
    span(`Getting ready for “${goalStep?.title ?? goal?.title ?? ''}”`, { bold: true }),
    span(` · ${state.target}`, { tone: 'muted' }),
  ];
  const title = titleLines('Getting ready', width, height >= 16 ? 3 : 1);
  const what = wrapLine(
    [
      span(
        `Running the ${view.total} earlier step${view.total === 1 ? '' : 's'} quietly, so ${state.targetDescription} ` +
          `is in the state this step needs.`,
      ),
    ],
    width,
  );
  const bar: Line = [
    ...progressBar(view.done, view.total, Math.max(10, Math.min(50, width - 12))),
    span(`  ${view.done}/${view.total}`, { bold: true }),
  ];
  const bottom = input.question ? [...input.question] : [helpBarLine(demoHints(state, false, false), width)];

  const steps = stepsBefore(state.lessons, view.target);
  const plan = steps.map((at) => {
    const lesson = state.lessons[at.lesson]!;
    const run = state.runs[at.lesson]?.steps[at.step];
    const current = view.current !== undefined && samePosition(at, view.current);
    const mark = statusMark(run?.status ?? 'pending', frame);
    const line: Line = [
      span(`${mark.icon} `, { tone: mark.tone }),
      span(`${lesson.id} · `, { tone: 'muted' }),
      span(`${at.step + 1}. ${lesson.steps[at.step]!.title}`, { bold: current }),
    ];
    const last = current ? lastOutput(run?.items) : undefined;
    return last ? [line, [span(`    │ ${sanitize(last)}`, { tone: 'muted' })]] : [line];
  });
  // Keep the running step in view: the list scrolls with it.
  const current = view.current;
  const currentIndex = current ? steps.findIndex((at) => samePosition(at, current)) : -1;
  const room = Math.max(0, height - title.length - what.length - bottom.length - 5);
  const flat = plan.flat();
  const before = plan.slice(0, Math.max(0, currentIndex)).flat().length;
  const start = Math.max(0, Math.min(flat.length - room, before - Math.floor(room / 2)));
  const list = allocate([{ body: flat.slice(start), keep: 'head', min: 1, priority: 1 }], room);
  while (list.length < room) list.push(blankLine);
  const lines = [header, ...title, blankLine, ...what, blankLine, bar, blankLine, ...list, ...bottom].map((line) =>
    truncateLine(line, width),
  );
  return lines.slice(0, height);
}

function lastOutput(items: readonly StepItem[] | undefined): string | undefined {
  for (const item of [...(items ?? [])].reverse()) {
    if (item.kind === 'command' && item.output.length) return item.output.at(-1)?.line;
  }
  return undefined;
}
