import { useApp, useInput } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import type { Dialog } from '../workshop/index.js';
import { assertNever } from '../shared/index.js';
import { promptLines, resumeLines, trustLines } from './dialog-lines.js';
import { Home } from './Home.js';
import { KeyHelp } from './KeyHelp.js';
import { KEY_GROUPS } from './keys.js';
import { LessonView } from './LessonView.js';
import type { Line } from './styled-text.js';
import { useChoiceInput } from './use-choice-input.js';
import { useLatest } from './use-latest.js';
import { usePromptInput } from './use-prompt-input.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWorkshop } from './use-workshop.js';
import type { WorkshopStore } from './workshop-actions.js';

export interface AppProps {
  readonly workshop: WorkshopStore;
  readonly version: string;
  /** Quit as soon as the first frame is on screen (start-up benchmarks). */
  readonly exitAfterFirstFrame?: boolean;
  /** Called before the app unmounts to hand the terminal to the learner's shell; it mounts again after. */
  readonly onShell?: () => void;
}

/**
 * The workshop's face: the home screen or a lesson, the open question, the key list. Ctrl-C
 * stops the running command and stays; Ctrl-C again (or q) quits with progress saved.
 */
export function App({ workshop, version, exitAfterFirstFrame, onShell }: AppProps) {
  const state = useWorkshop(workshop);
  const { exit } = useApp();
  const size = useTerminalSize();
  const [help, setHelp] = useState(false);
  const [quitting, setQuitting] = useState(false);
  const latest = useLatest(state);

  const quit = useCallback(() => {
    setQuitting(true);
    void workshop.quit().finally(() => exit());
  }, [workshop, exit]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, after the first frame
  useEffect(() => {
    if (exitAfterFirstFrame) {
      quit();
      return;
    }
    void workshop.refreshStatus();
  }, []);

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c') || quitting) return;
    if (latest.current.lesson?.cancelling || !workshop.cancel()) quit();
  });

  const dialog = help || quitting ? undefined : state.dialog;
  const typed = usePromptInput(dialog?.kind === 'prompt' ? dialog : undefined, (value) => workshop.answerPrompt(value));
  useChoiceInput(dialog?.kind === 'trust', (yes) => workshop.answerTrust(yes));
  useChoiceInput(dialog?.kind === 'resume', (yes) => workshop.answerResume(yes), true);
  const dialogLines = dialog ? (room: number) => linesOf(dialog, typed, size.columns, room) : undefined;

  if (help) return <KeyHelp title="Keys" groups={KEY_GROUPS} size={size} onClose={() => setHelp(false)} />;
  const shown = quitting ? { ...state, busy: 'saving your progress…' } : state;
  const active = !quitting;
  if (shown.screen === 'lesson' && shown.lesson) {
    return (
      <LessonView
        state={{ ...shown, lesson: shown.lesson }}
        actions={workshop}
        size={size}
        dialog={dialogLines}
        active={active}
        onHelp={() => setHelp(true)}
        onQuit={quit}
        onShell={
          onShell &&
          (() => {
            if (!workshop.canOpenShell) return;
            onShell();
            exit();
          })
        }
      />
    );
  }
  return (
    <Home
      state={shown}
      actions={workshop}
      size={size}
      version={version}
      dialog={dialogLines}
      active={active}
      onHelp={() => setHelp(true)}
      onQuit={quit}
    />
  );
}

function linesOf(dialog: Dialog, typed: string, width: number, room: number): Line[] {
  switch (dialog.kind) {
    case 'prompt':
      return promptLines(dialog, typed, width);
    case 'trust':
      return trustLines(dialog, width, room);
    case 'resume':
      return resumeLines(dialog, width);
    default:
      return assertNever(dialog);
  }
}
