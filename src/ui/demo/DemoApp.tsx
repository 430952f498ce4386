import { useApp, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { DemoState } from '../../demo/index.js';
import { promptLines } from '../dialog-lines.js';
import { KeyHelp } from '../KeyHelp.js';
import { Lines } from '../Lines.js';
import { span, truncateLine, type Line } from '../styled-text.js';
import { usePromptInput } from '../use-prompt-input.js';
import { useSpinner } from '../use-spinner.js';
import { useLatest } from '../use-latest.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { DEMO_KEY_GROUPS, demoAction, type DemoAction } from './demo-keys.js';
import { useDemo, type DemoStore } from './demo-store.js';
import { fastForwardScreen } from './fast-forward-screen.js';
import { presenterFullLines, presenterScreen } from './presenter-screen.js';
import { Pager } from '../Pager.js';

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
  // The slide in full (f), for what the screen left out; its own keys while open.
  const [paging, setPaging] = useState(false);
  const pagingOpen = useRef(false);
  pagingOpen.current = paging;
  const [confirmingQuit, setConfirmingQuit] = useState(false);
  const [quitting, setQuitting] = useState(false);
  const frame = useSpinner(state.activity !== 'idle' || state.phase === 'fast-forward');
  const dialog = help || quitting ? undefined : state.dialog;
  // Handlers stay attached and read the latest render (see useLatest).
  const latest = useLatest({ state, dialog });
  // Set the moment a key asks, so the very next key already sees them.
  const confirming = useRef(false);
  const closing = useRef(false);
  const helpOpen = useRef(false);
  const showHelp = (open: boolean) => {
    helpOpen.current = open;
    setHelp(open);
  };

  const quit = useCallback(() => {
    closing.current = true;
    setQuitting(true);
    void demo.quit().finally(() => exit());
  }, [demo, exit]);
  const confirmQuit = (open: boolean) => {
    confirming.current = open;
    setConfirmingQuit(open);
  };

  const typed = usePromptInput(dialog, (value) => demo.answerPrompt(value));

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
      case 'full':
        return setPaging(true);
      case 'help':
        return showHelp(true);
      case 'quit':
        return confirmQuit(true);
      case 'interrupt':
        return;
    }
  };
  useInput((input, key) => {
    const now = latest.current;
    if (closing.current) return;
    if (key.ctrl && input === 'c') {
      if (now.state.cancelling || !demo.cancel()) quit();
      return;
    }
    // The help overlay and a question for a variable have keys of their own.
    if (helpOpen.current || pagingOpen.current || now.dialog) return;
    if (confirming.current) {
      if (input === 'y' || input === 'Y') quit();
      else if (input === 'n' || input === 'N' || key.escape) confirmQuit(false);
      return;
    }
    const action = demoAction(input, key);
    if (action) act(action);
  });

  if (help) return <KeyHelp title="Demo keys" groups={DEMO_KEY_GROUPS} size={size} onClose={() => showHelp(false)} />;
  const question = quitting
    ? [busyLine('closing the lesson shells…', size.columns)]
    : dialog
      ? promptLines(dialog, typed, size.columns)
      : confirmingQuit
        ? [confirmLine(size.columns)]
        : undefined;
  const height = size.rows - 1;
  if (paging && !isFastForward(state)) {
    const step = state.lessons[state.position.lesson]?.steps[state.position.step];
    return (
      <Pager
        title={`${step?.title ?? 'This slide'} · in full`}
        lines={(width) => presenterFullLines({ state, width, height, frame, notesShown: true, recording })}
        width={size.columns}
        height={height}
        onClose={() => setPaging(false)}
      />
    );
  }
  const lines = isFastForward(state)
    ? fastForwardScreen({ state, width: size.columns, height, frame, question })
    : presenterScreen({ state, width: size.columns, height, frame, notesShown, recording, question });
  return <Lines lines={lines} />;
}

function isFastForward(state: DemoState): state is DemoState & { fastForward: NonNullable<DemoState['fastForward']> } {
  return state.phase === 'fast-forward' && state.fastForward !== undefined;
}

function confirmLine(width: number): Line {
  return truncateLine(
    [
      span('? ', { tone: 'accent', bold: true }),
      span('Quit the demo?', { bold: true }),
      span('  y', { bold: true }),
      span(' quit  ', { tone: 'muted' }),
      span('n', { bold: true }),
      span(' keep presenting', { tone: 'muted' }),
    ],
    width,
  );
}

function busyLine(text: string, width: number): Line {
  return truncateLine([span('… ', { tone: 'running' }), span(text)], width);
}
