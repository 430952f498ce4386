import { useInput } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { isSettled } from '../engine/model.js';
import { pagerCommand, type OpenLesson, type WorkshopState } from '../workshop/index.js';
import { confirmSolutionLines } from './dialog-lines.js';
import { fullOutputLines, fullOutputText, fullOutputTitle } from './full-output.js';
import { lessonActions, type LessonAction } from './keys.js';
import { initialLessonViewState, lessonViewReducer } from './lesson-view-state.js';
import { lessonScreen } from './lesson-screen.js';
import type { Line } from './styled-text.js';
import { Lines } from './Lines.js';
import { Pager } from './Pager.js';
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
  /** Hands the terminal to the learner's own shell (the app steps aside until it exits). */
  readonly onShell?: () => void;
  /** Hands masked text to the learner's `$PAGER` (the app steps aside until it exits). */
  readonly onPager?: (text: string) => void;
  /** Back from `$PAGER`: the pager opens again, saying why `$PAGER` failed if it did (taken once). */
  readonly takeResumePager?: () => { readonly error?: string } | undefined;
}

/** One step of a lesson: read it, run it, watch the output and the checks, get a hint. */
export function LessonView(props: LessonViewProps) {
  const { state, actions, size, dialog, active, onHelp, onQuit, onShell, onPager, takeResumePager } = props;
  const open = state.lesson;
  const theme = useTheme();
  const running = open.activity !== 'idle';
  const frame = useSpinner(running || state.busy !== undefined);
  const [view, dispatch] = useReducer(lessonViewReducer, initialLessonViewState);
  const highlight = useHighlighter(view.hasCode && theme.color);
  // Taken once: going home and back later opens the lesson, not the pager.
  const [resumed] = useState(() => takeResumePager?.());
  const [paging, setPaging] = useState(resumed !== undefined);
  const [pagerError, setPagerError] = useState(resumed?.error);
  const redact = (text: string) => actions.redact?.(text) ?? text;

  // A new page (a step, or the introduction) starts at its top, with its hint and solution folded away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the page's identity is the trigger
  useEffect(() => dispatch({ type: 'step-changed' }), [open.lesson.id, open.stepIndex, open.onIntro]);
  useEffect(() => {
    if (running) dispatch({ type: 'work-started' });
  }, [running]);

  const confirmLines = useMemo(
    () => (view.confirming ? () => confirmSolutionLines(size.columns) : undefined),
    [view.confirming, size.columns],
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
    showHint: view.showHint,
    showSolution: view.showSolution,
    textTop: view.textTop,
    outputTop: view.outputTop,
    dialog: dialog ?? confirmLines,
  });
  // What the drawn screen found out (code to highlight, where the hint starts) feeds back once.
  useEffect(() => dispatch({ type: 'has-code', hasCode: screen.hasCode }), [screen.hasCode]);
  const revealAt = view.reveal === 'hint' ? screen.hintAt : view.reveal === 'solution' ? screen.solutionAt : undefined;
  useEffect(() => {
    if (revealAt !== undefined) dispatch({ type: 'revealed', at: revealAt });
  }, [revealAt]);

  useChoiceInput(active && view.confirming && !dialog, (yes) => dispatch({ type: 'answer-solution', yes }));

  const latest = useLatest({
    open,
    screen,
    running,
    listening: active && !view.confirming && !dialog && !paging,
  });

  const act = (action: LessonAction) => {
    const { open, screen, running } = latest.current;
    const status = open.steps[open.stepIndex];
    const last = open.stepIndex === open.lesson.steps.length - 1;
    const limits = {
      textMax: screen.textMax,
      outputMax: screen.outputMax,
      outputFollowTop: screen.outputFollowTop,
      outputPage: screen.outputPage,
    };
    switch (action) {
      case 'primary':
        if (running) return;
        if (open.onIntro) return actions.next();
        if (status && status !== 'running' && isSettled(status)) return last ? actions.goHome() : actions.next();
        return void actions.runStep();
      case 'run':
        return running ? undefined : void actions.runStep();
      case 'check':
        return running ? undefined : void actions.checkStep();
      case 're-check-all':
        return running ? undefined : void actions.recheckLesson();
      case 'skip':
        return actions.skipStep();
      // The introduction has no hint or solution of its own: step 1's show on step 1.
      case 'hint':
        return open.onIntro ? undefined : dispatch({ type: 'toggle-hint' });
      case 'solution':
        return open.onIntro ? undefined : dispatch({ type: 'ask-solution' });
      case 'next':
        return actions.next();
      case 'previous':
        return actions.previous();
      case 'text-up':
      case 'text-down':
      case 'output-up':
      case 'output-down':
      case 'output-end':
        return dispatch({ type: action, limits });
      case 'full':
        return setPaging(true);
      case 'home':
        return actions.goHome();
      case 'help':
        return onHelp();
      case 'quit':
        return onQuit();
      case 'shell':
        return running ? undefined : onShell?.();
      case 'interrupt':
        return; // the app handles Ctrl-C everywhere
    }
  };

  useInput((input, key) => {
    if (!latest.current.listening) return;
    for (const action of lessonActions(input, key)) act(action);
  });

  // A question (a prompt mid-run) takes the screen from the pager; it is back once answered.
  if (paging && !dialog)
    return (
      <Pager
        title={fullOutputTitle(open)}
        lines={(width) => fullOutputLines(open, width, redact, frame)}
        width={size.columns}
        height={size.rows - 1}
        external={pagerCommand()}
        externalError={pagerError}
        onClose={() => {
          setPaging(false);
          setPagerError(undefined);
        }}
        onExternal={onPager && (() => onPager(fullOutputText(open, redact)))}
      />
    );
  return <Lines lines={screen.lines} />;
}
