import { useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { OpenLesson, WorkshopState } from '../workshop/index.js';
import { confirmSolutionLines } from './dialog-lines.js';
import { lessonAction, type LessonAction } from './keys.js';
import { lessonScreen } from './lesson-screen.js';
import type { Line } from './styled-text.js';
import { Lines } from './Lines.js';
import { useChoiceInput } from './use-choice-input.js';
import { useHighlighter } from './use-highlighter.js';
import { useLatest } from './use-latest.js';
import { useSpinner } from './use-spinner.js';
import type { TerminalSize } from './use-terminal-size.js';
import { useTheme } from './use-theme.js';
import type { WorkshopActions } from './workshop-actions.js';

export interface LessonViewProps {
  readonly state: WorkshopState & { readonly lesson: OpenLesson };
  readonly actions: WorkshopActions;
  readonly size: TerminalSize;
  /** Lines of the workshop's open question (prompt, trust, resume), if any. */
  readonly dialog?: (room: number) => Line[];
  /** False while an overlay or a question takes the keys. */
  readonly active: boolean;
  readonly onHelp: () => void;
  readonly onQuit: () => void;
}

/** One step of a lesson: read it, run it, watch the output and the checks, get a hint. */
export function LessonView({ state, actions, size, dialog, active, onHelp, onQuit }: LessonViewProps) {
  const open = state.lesson;
  const theme = useTheme();
  const running = open.activity !== 'idle';
  const frame = useSpinner(running || state.busy !== undefined);
  const [textTop, setTextTop] = useState(0);
  const [outputTop, setOutputTop] = useState<number | 'follow'>('follow');
  const [showHint, setShowHint] = useState(false);
  const [showSolution, setShowSolution] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reveal, setReveal] = useState<'hint' | 'solution' | undefined>();
  const [hasCode, setHasCode] = useState(false);
  const highlight = useHighlighter(hasCode && theme.color);

  // A new step starts at its top, with its hint and solution folded away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the step's identity is the trigger
  useEffect(() => {
    setTextTop(0);
    setOutputTop('follow');
    setShowHint(false);
    setShowSolution(false);
    setConfirming(false);
  }, [open.lesson.id, open.stepIndex]);
  useEffect(() => {
    if (running) setOutputTop('follow');
  }, [running]);

  const confirmLines = useMemo(
    () => (confirming ? () => confirmSolutionLines(size.columns) : undefined),
    [confirming, size.columns],
  );
  const screen = lessonScreen({
    open,
    target: state.target,
    notice: state.notice,
    busy: state.busy,
    width: size.columns,
    height: size.rows - 1,
    frame,
    highlight,
    showHint,
    showSolution,
    textTop,
    outputTop,
    dialog: dialog ?? confirmLines,
  });
  useEffect(() => {
    if (screen.hasCode !== hasCode) setHasCode(screen.hasCode);
    const at = reveal === 'hint' ? screen.hintAt : reveal === 'solution' ? screen.solutionAt : undefined;
    if (at !== undefined) {
      setTextTop(at);
      setReveal(undefined);
    }
  });

  useChoiceInput(active && confirming && !dialog, (yes) => {
    setConfirming(false);
    if (yes) {
      setShowSolution(true);
      setReveal('solution');
    }
  });

  const latest = useLatest({
    open,
    screen,
    showHint,
    showSolution,
    running,
    listening: active && !confirming && !dialog,
  });

  const act = (action: LessonAction) => {
    const { open, screen, showHint, showSolution, running } = latest.current;
    const status = open.steps[open.stepIndex];
    const last = open.stepIndex === open.lesson.steps.length - 1;
    switch (action) {
      case 'primary':
        if (running) return;
        if (status === 'passed' || status === 'skipped') return last ? actions.goHome() : actions.next();
        return void actions.runStep();
      case 'run':
        return running ? undefined : void actions.runStep();
      case 'check':
        return running ? undefined : void actions.checkStep();
      case 'skip':
        return actions.skipStep();
      case 'hint':
        setShowHint((shown) => !shown);
        if (!showHint) setReveal('hint');
        return;
      case 'solution':
        if (showSolution) return setReveal('solution');
        return setConfirming(true);
      case 'next':
        return actions.next();
      case 'previous':
        return actions.previous();
      case 'text-up':
        return setTextTop((top) => Math.max(0, Math.min(top, screen.textMax) - 1));
      case 'text-down':
        return setTextTop((top) => Math.min(screen.textMax, top + 1));
      case 'output-up':
        return setOutputTop((top) => Math.max(0, (top === 'follow' ? screen.outputMax : top) - screen.outputPage));
      case 'output-down':
        return setOutputTop((top) => {
          const next = (top === 'follow' ? screen.outputMax : top) + screen.outputPage;
          return next >= screen.outputMax ? 'follow' : next;
        });
      case 'output-end':
        return setOutputTop('follow');
      case 'home':
        return actions.goHome();
      case 'help':
        return onHelp();
      case 'quit':
        return onQuit();
      case 'interrupt':
        return; // the app handles Ctrl-C everywhere
    }
  };

  useInput((input, key) => {
    const action = latest.current.listening ? lessonAction(input, key) : undefined;
    if (action) act(action);
  });

  return <Lines lines={screen.lines} />;
}
