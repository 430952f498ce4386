import { useApp, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { DemoState } from '../../demo/index.js';
import { promptLines } from '../dialog-lines.js';
import { Lines } from '../Lines.js';
import { span, truncateLine, type Line } from '../styled-text.js';
import { useChoiceInput } from '../use-choice-input.js';
import { usePromptInput } from '../use-prompt-input.js';
import { useSpinner } from '../use-spinner.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { demoAction, type DemoAction } from './demo-keys.js';
import { useDemo, type DemoStore } from './demo-store.js';
import { DemoHelp } from './DemoHelp.js';
import { fastForwardScreen } from './fast-forward-screen.js';
import { presenterScreen } from './presenter-screen.js';

export interface DemoAppProps {
  readonly demo: DemoStore;
  /** `--record` is on: the header says so. */
  readonly recording: boolean;
}

/**
 * Demo mode's face: the presenter view (or the fast-forward progress), the presenter's keys,
 * questions for variables, and `?` for every key. Ctrl-C stops what runs; again, or q, quits.
 */
export function DemoApp({ demo, recording }: DemoAppProps) {
  const state = useDemo(demo);
  const { exit } = useApp();
  const size = useTerminalSize();
  const [help, setHelp] = useState(false);
  const [notesShown, setNotesShown] = useState(true);
  const [confirmingQuit, setConfirmingQuit] = useState(false);
  const [quitting, setQuitting] = useState(false);
  const frame = useSpinner(state.activity !== 'idle' || state.phase === 'fast-forward');
  const latest = useRef(state);
  latest.current = state;

  const quit = useCallback(() => {
    setQuitting(true);
    void demo.quit().finally(() => exit());
  }, [demo, exit]);

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c') || quitting) return;
    if (latest.current.cancelling || !demo.cancel()) quit();
  });

  const dialog = help || quitting ? undefined : state.dialog;
  const typed = usePromptInput(dialog, (value) => demo.answerPrompt(value));
  useChoiceInput(confirmingQuit && !quitting, (yes) => (yes ? quit() : setConfirmingQuit(false)));

  const act = (action: DemoAction) => {
    if (action !== 'help') demo.dismissNotice();
    switch (action) {
      case 'primary':
        return demo.primary();
      case 'run':
        return demo.runStep();
      case 'check':
        return demo.checkStep();
      case 'next':
        return demo.next();
      case 'previous':
        return demo.previous();
      case 'pause':
        return demo.togglePause();
      case 'notes':
        return setNotesShown((shown) => !shown);
      case 'help':
        return setHelp(true);
      case 'quit':
        return setConfirmingQuit(true);
      case 'interrupt':
        return; // handled above, everywhere
    }
  };
  useInput(
    (input, key) => {
      const action = demoAction(input, key);
      if (action) act(action);
    },
    { isActive: !help && !dialog && !confirmingQuit && !quitting },
  );

  if (help) return <DemoHelp size={size} onClose={() => setHelp(false)} />;
  const question = quitting ? [busyLine('closing the lesson shells…', size.columns)] : dialog ? promptLines(dialog, typed, size.columns) : confirmingQuit ? [confirmLine(size.columns)] : undefined;
  const height = size.rows - 1;
  const lines = isFastForward(state) ? fastForwardScreen({ state, width: size.columns, height, frame, question }) : presenterScreen({ state, width: size.columns, height, frame, notesShown, recording, question });
  return <Lines lines={lines} />;
}

function isFastForward(state: DemoState): state is DemoState & { fastForward: NonNullable<DemoState['fastForward']> } {
  return state.phase === 'fast-forward' && state.fastForward !== undefined;
}

function confirmLine(width: number): Line {
  return truncateLine([span('? ', { tone: 'accent', bold: true }), span('Quit the demo?', { bold: true }), span('  y', { bold: true }), span(' quit  ', { tone: 'muted' }), span('n', { bold: true }), span(' keep presenting', { tone: 'muted' })], width);
}

function busyLine(text: string, width: number): Line {
  return truncateLine([span('… ', { tone: 'running' }), span(text)], width);
}

