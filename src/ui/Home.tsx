import { useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { WorkshopState } from '../workshop/index.js';
import { homeLines } from './home-lines.js';
import { homeAction } from './keys.js';
import type { Line } from './styled-text.js';
import { Lines } from './Lines.js';
import { useSpinner } from './use-spinner.js';
import type { TerminalSize } from './use-terminal-size.js';
import type { WorkshopActions } from './workshop-actions.js';

export interface HomeProps {
  readonly state: WorkshopState;
  readonly actions: WorkshopActions;
  readonly size: TerminalSize;
  readonly version: string;
  readonly dialog?: (room: number) => Line[];
  readonly active: boolean;
  readonly onHelp: () => void;
  readonly onQuit: () => void;
}

/** The lessons, their progress, and the target: where every session starts. */
export function Home({ state, actions, size, version, dialog, active, onHelp, onQuit }: HomeProps) {
  const [selected, setSelected] = useState(() => initialSelection(state));
  const frame = useSpinner(state.busy !== undefined);
  const count = state.lessons.length;
  useEffect(() => setSelected((index) => Math.min(index, Math.max(0, count - 1))), [count]);
  // ink re-subscribes input handlers in an effect: a key right after another may reach the
  // previous render's handler, so it reads the latest values from here.
  const latest = useRef({ selected, state });
  latest.current = { selected, state };

  useInput(
    (input, key) => {
      switch (homeAction(input, key)) {
        case 'up':
          return setSelected((index) => (index + count - 1) % Math.max(1, count));
        case 'down':
          return setSelected((index) => (index + 1) % Math.max(1, count));
        case 'open': {
          const entry = latest.current.state.lessons[latest.current.selected];
          return entry ? void actions.openLesson(entry.file) : undefined;
        }
        case 'target': {
          const { targets, target } = latest.current.state;
          const next = targets[(targets.indexOf(target) + 1) % targets.length];
          return next ? void actions.switchTarget(next) : undefined;
        }
        case 'help':
          return onHelp();
        case 'quit':
          return onQuit();
        case 'interrupt':
        case undefined:
          return;
      }
    },
    { isActive: active && !dialog },
  );

  return <Lines lines={homeLines({ state, selected, width: size.columns, height: size.rows - 1, version, frame, dialog })} />;
}

/** Start on the lesson visited last that is not finished, else the first. */
function initialSelection(state: WorkshopState): number {
  let best = -1;
  state.lessons.forEach((entry, index) => {
    const progress = entry.progress;
    if (!progress || progress.done >= entry.stepCount) return;
    if (best < 0 || progress.lastVisited > state.lessons[best]!.progress!.lastVisited) best = index;
  });
  return Math.max(0, best);
}
