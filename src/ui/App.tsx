import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dialog } from '../workshop/index.js';
import { assertNever } from '../shared/index.js';
import { promptLines, resumeLines, trustLines } from './dialog-lines.js';
import { Home } from './Home.js';
import { KeyHelp } from './KeyHelp.js';
import { KEY_GROUPS } from './keys.js';
import type { Line } from './styled-text.js';
import { useChoiceInput } from './use-choice-input.js';
import { useLatest } from './use-latest.js';
import { useLessonView } from './use-lesson-view.js';
import { usePromptInput } from './use-prompt-input.js';
import { useTrustScroll } from './use-trust-scroll.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWorkshop } from './use-workshop.js';
import { classBarLines } from './class/class-bar.js';
import type { ClassLink } from './index.js';
import { Lines } from './Lines.js';
import type { WorkshopStore } from './workshop-actions.js';

export interface AppProps {
  readonly workshop: WorkshopStore;
  readonly version: string;
  /** Quit as soon as the first frame is on screen (start-up benchmarks). */
  readonly exitAfterFirstFrame?: boolean;
  /** Called before the app unmounts to hand the terminal to the learner's shell; it mounts again after. */
  readonly onShell?: () => void;
  /** Called before the app unmounts to hand masked text to `$PAGER`; it mounts again after. */
  readonly onPager?: (text: string) => void;
  /** Mounted again after `$PAGER`: the lesson's pager opens again (with why `$PAGER` failed, if it did). */
  readonly takeResumePager?: () => { readonly error?: string } | undefined;
  /** In a class: its line above the screen, and `!` raises or lowers a hand. */
  readonly classLink?: ClassLink;
  /** The home screen's cursor from the first frame, once (see WorkshopUiOptions.homeSelection). */
  readonly takeStartSelection?: () => number | undefined;
}

const CLASS_KEYS = { title: 'Class', keys: [{ keys: '!', label: 'raise or lower your hand' }] };

/** Redraws when the class's news changes, and every second for the time box's countdown. */
function useClassLink(link: ClassLink | undefined): { hand: boolean; toggleHand: () => void } {
  const [, setTick] = useState(0);
  // A ref, not only state: two quick presses of ! must toggle twice, before any re-render.
  const hand = useRef(link?.news?.hand ?? false);
  useEffect(() => {
    if (!link) return;
    const stop = link.onChange(() => {
      hand.current = link.news?.hand ?? hand.current;
      setTick((tick) => tick + 1);
    });
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [link]);
  const toggleHand = () => {
    if (!link) return;
    hand.current = !hand.current;
    link.raiseHand(hand.current);
    setTick((tick) => tick + 1);
  };
  return { hand: hand.current, toggleHand };
}

/**
 * The workshop's face: the home screen or a lesson, the open question, the key list. Ctrl-C
 * stops the running command and stays; Ctrl-C again (or q) quits with progress saved.
 */
export function App(props: AppProps) {
  const { workshop, version, exitAfterFirstFrame, onShell, onPager, takeResumePager, classLink, takeStartSelection } =
    props;
  const state = useWorkshop(workshop);
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const { hand, toggleHand } = useClassLink(classLink);
  const classLines = classLink
    ? classBarLines(classLink, { width: terminal.columns, now: Date.now(), lessonId: state.lesson?.lesson.id, hand })
    : [];
  const size = classLines.length ? { ...terminal, rows: Math.max(1, terminal.rows - classLines.length) } : terminal;
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
    if (input === '!' && classLink && !latest.current.dialog && !quitting) return toggleHand();
    // R: the sandbox stopped under the workshop, and the notice offers to start it again.
    if (input === 'R' && !latest.current.dialog && !quitting && workshop.canRestartTarget)
      return void workshop.restartTarget();
    if (!(key.ctrl && input === 'c') || quitting) return;
    if (latest.current.lesson?.cancelling || !workshop.cancel()) quit();
  });

  const dialog = help || quitting ? undefined : state.dialog;
  const typed = usePromptInput(dialog?.kind === 'prompt' ? dialog : undefined, (value) => workshop.answerPrompt(value));
  useChoiceInput(dialog?.kind === 'trust', (yes) => workshop.answerTrust(yes));
  const trustScroll = useTrustScroll(dialog?.kind === 'trust' ? dialog : undefined);
  useChoiceInput(dialog?.kind === 'resume', (yes) => workshop.answerResume(yes), true);
  const dialogLines = dialog ? (room: number) => linesOf(dialog, typed, size.columns, room, trustScroll) : undefined;

  const screen = help ? (
    <KeyHelp
      title="Keys"
      groups={classLink ? [...KEY_GROUPS, CLASS_KEYS] : KEY_GROUPS}
      size={size}
      onClose={() => setHelp(false)}
    />
  ) : (
    <Screen
      state={state}
      quitting={quitting}
      workshop={workshop}
      size={size}
      version={version}
      dialogLines={dialogLines}
      onHelp={() => setHelp(true)}
      onQuit={quit}
      takeStartSelection={takeStartSelection}
      takeResumePager={takeResumePager}
      onPager={
        onPager &&
        ((text: string) => {
          onPager(text);
          exit();
        })
      }
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
  if (!classLines.length) return screen;
  return (
    <Box flexDirection="column">
      <Lines lines={classLines} />
      {screen}
    </Box>
  );
}

function Screen({
  state,
  quitting,
  workshop,
  size,
  version,
  dialogLines,
  onHelp,
  onQuit,
  onShell,
  onPager,
  takeResumePager,
  takeStartSelection,
}: {
  readonly state: ReturnType<typeof useWorkshop>;
  readonly quitting: boolean;
  readonly workshop: WorkshopStore;
  readonly size: ReturnType<typeof useTerminalSize>;
  readonly version: string;
  readonly dialogLines: ((room: number) => Line[]) | undefined;
  readonly onHelp: () => void;
  readonly onQuit: () => void;
  readonly onShell: (() => void) | undefined;
  readonly onPager: ((text: string) => void) | undefined;
  readonly takeResumePager: (() => { readonly error?: string } | undefined) | undefined;
  readonly takeStartSelection: (() => number | undefined) | undefined;
}) {
  const shown = quitting ? { ...state, busy: 'saving your progress…' } : state;
  const active = !quitting;
  const LessonView = useLessonView();
  if (shown.screen === 'lesson' && shown.lesson && LessonView) {
    return (
      <LessonView
        state={{ ...shown, lesson: shown.lesson }}
        actions={workshop}
        size={size}
        dialog={dialogLines}
        active={active}
        onHelp={onHelp}
        onQuit={onQuit}
        onShell={onShell}
        onPager={onPager}
        takeResumePager={takeResumePager}
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
      onHelp={onHelp}
      onQuit={onQuit}
      takeStartSelection={takeStartSelection}
    />
  );
}

function linesOf(dialog: Dialog, typed: string, width: number, room: number, scroll: number): Line[] {
  switch (dialog.kind) {
    case 'prompt':
      return promptLines(dialog, typed, width);
    case 'trust':
      return trustLines(dialog, width, room, scroll);
    case 'resume':
      return resumeLines(dialog, width);
    default:
      return assertNever(dialog);
  }
}
