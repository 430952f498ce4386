import type { Workshop } from '../workshop/index.js';

/** What the screens may ask of the workshop: its actions, nothing of its insides. */
export type WorkshopActions = Pick<
  Workshop,
  | 'openLesson'
  | 'goHome'
  | 'runStep'
  | 'checkStep'
  | 'recheckLesson'
  | 'skipStep'
  | 'next'
  | 'previous'
  | 'cancel'
  | 'answerPrompt'
  | 'answerTrust'
  | 'answerResume'
  | 'switchTarget'
  | 'refreshStatus'
  | 'dismissNotice'
  | 'quit'
  | 'openShell'
  | 'canOpenShell'
  | 'restartTarget'
  | 'canRestartTarget'
> &
  // Optional so a stand-in workshop need not mask; the real one always does.
  Partial<Pick<Workshop, 'redact' | 'openPager'>>;

/** The workshop as the app sees it: its state to show, and its actions. */
export type WorkshopStore = WorkshopActions & Pick<Workshop, 'state' | 'subscribe'>;
