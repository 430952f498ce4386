/**
 * The lesson view's own state (what is folded, where each pane is scrolled, what is being asked)
 * as one pure reducer: every key of a burst is one action applied in order to the state the
 * previous one left, and a new step resets it in one place.
 */
export interface LessonViewState {
  readonly textTop: number;
  /** `follow`: the output pane keeps to the end as lines arrive. */
  readonly outputTop: number | 'follow';
  readonly showHint: boolean;
  readonly showSolution: boolean;
  /** "Show the solution?" is on screen. */
  readonly confirming: boolean;
  /** Scroll the text to the hint or solution once the next screen says where it is. */
  readonly reveal?: 'hint' | 'solution';
  /** Whether the step shows code: the highlighter loads only then. */
  readonly hasCode: boolean;
}

export const initialLessonViewState: LessonViewState = {
  textTop: 0,
  outputTop: 'follow',
  showHint: false,
  showSolution: false,
  confirming: false,
  hasCode: false,
};

/** How far each pane can scroll on the screen as last drawn. */
export interface PaneLimits {
  readonly textMax: number;
  readonly outputMax: number;
  /** Where 'follow' shows the output: its end, or a failure (see LessonScreen). */
  readonly outputFollowTop?: number;
  readonly outputPage: number;
}

export type LessonViewAction =
  | { readonly type: 'step-changed' }
  | { readonly type: 'work-started' }
  | { readonly type: 'toggle-hint' }
  | { readonly type: 'ask-solution' }
  | { readonly type: 'answer-solution'; readonly yes: boolean }
  | { readonly type: 'revealed'; readonly at: number }
  | { readonly type: 'has-code'; readonly hasCode: boolean }
  | {
      readonly type: 'text-up' | 'text-down' | 'output-up' | 'output-down' | 'output-end';
      readonly limits: PaneLimits;
    };

export function lessonViewReducer(state: LessonViewState, action: LessonViewAction): LessonViewState {
  switch (action.type) {
    case 'step-changed':
      // A new step starts at its top, with its hint and solution folded away.
      return { ...initialLessonViewState, hasCode: state.hasCode };
    case 'work-started':
      return state.outputTop === 'follow' ? state : { ...state, outputTop: 'follow' };
    case 'toggle-hint':
      return state.showHint
        ? { ...state, showHint: false, reveal: undefined }
        : { ...state, showHint: true, reveal: 'hint' };
    case 'ask-solution':
      return state.showSolution ? { ...state, reveal: 'solution' } : { ...state, confirming: true };
    case 'answer-solution':
      return action.yes
        ? { ...state, confirming: false, showSolution: true, reveal: 'solution' }
        : { ...state, confirming: false };
    case 'revealed':
      return { ...state, textTop: action.at, reveal: undefined };
    case 'has-code':
      return state.hasCode === action.hasCode ? state : { ...state, hasCode: action.hasCode };
    case 'text-up':
      return { ...state, textTop: Math.max(0, Math.min(state.textTop, action.limits.textMax) - 1) };
    case 'text-down':
      return { ...state, textTop: Math.min(action.limits.textMax, state.textTop + 1) };
    case 'output-up': {
      const { outputMax, outputPage, outputFollowTop = outputMax } = action.limits;
      const top = state.outputTop === 'follow' ? outputFollowTop : state.outputTop;
      return { ...state, outputTop: Math.max(0, top - outputPage) };
    }
    case 'output-down': {
      const { outputMax, outputPage, outputFollowTop = outputMax } = action.limits;
      const next = (state.outputTop === 'follow' ? outputFollowTop : state.outputTop) + outputPage;
      // 'follow' keeps new output in view, unless it stands for a failure above the end.
      return { ...state, outputTop: next < outputMax ? next : outputFollowTop === outputMax ? 'follow' : outputMax };
    }
    case 'output-end': {
      const { outputMax, outputFollowTop = outputMax } = action.limits;
      return { ...state, outputTop: outputFollowTop === outputMax ? 'follow' : outputMax };
    }
  }
}
