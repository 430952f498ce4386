import { useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { WorkshopState } from '../workshop/index.js';
import { homeLines, initialSelection } from './home-lines.js';
import { homeActions, type HomeAction } from './keys.js';
import type { Line } from './styled-text.js';
import { Lines } from './Lines.js';
import { useLatest } from './use-latest.js';
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
  /** Where the first frame's cursor was moved to, the first time the home screen mounts. */
  readonly takeStartSelection?: () => number | undefined;
}

/** The lessons, their progress, and the target: where every session starts. */
export function Home({ state, actions, size, version, dialog, active, onHelp, onQuit, takeStartSelection }: HomeProps) {
  const [selected, setSelected] = useState(() => takeStartSelection?.() ?? initialSelection(state));
  // The selection is also kept where the key handler reads it at once: ↓ then Enter, typed
  // faster than a frame, opens the lesson ↓ chose.
  const selection = useRef(selected);
  const select = (index: number) => {
    selection.current = index;
    setSelected(index);
  };
  const frame = useSpinner(state.busy !== undefined);
  const count = state.lessons.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new lesson count moves the selection
  useEffect(() => select(Math.min(selection.current, Math.max(0, count - 1))), [count]);
  const latest = useLatest({ state, listening: active && !dialog });

  const act = (action: HomeAction) => {
    const { lessons, targets, target } = latest.current.state;
    const total = Math.max(1, lessons.length);
    switch (action) {
      case 'up':
        return select((selection.current + total - 1) % total);
      case 'down':
        return select((selection.current + 1) % total);
      case 'open': {
        const entry = lessons[selection.current];
        return entry ? void actions.openLesson(entry.file) : undefined;
      }
      case 'target': {
        const next = targets[(targets.indexOf(target) + 1) % targets.length];
        return next ? void actions.switchTarget(next) : undefined;
      }
      case 'help':
        return onHelp();
      case 'quit':
        return onQuit();
      case 'interrupt':
        return;
    }
  };

  // Every key of a burst, in order: `jjj` typed fast moves three rows.
  useInput((input, key) => {
    if (!latest.current.listening) return;
    for (const action of homeActions(input, key)) act(action);
  });

  return (
    <Lines lines={homeLines({ state, selected, width: size.columns, height: size.rows - 1, version, frame, dialog })} />
  );
}
