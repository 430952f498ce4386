import { useSyncExternalStore } from 'react';
import type { Demo, DemoState } from '../../demo/index.js';

/** What the presenter view may ask of the demo: its state, and its actions. */
export type DemoStore = Pick<
  Demo,
  | 'state'
  | 'subscribe'
  | 'primary'
  | 'runStep'
  | 'checkStep'
  | 'next'
  | 'previous'
  | 'togglePause'
  | 'cancel'
  | 'answerPrompt'
  | 'dismissNotice'
  | 'quit'
>;

/** The demo's current state; re-renders whenever the demo publishes a new one. */
export function useDemo(demo: Pick<Demo, 'state' | 'subscribe'>): DemoState {
  return useSyncExternalStore(
    (notify) => demo.subscribe(notify),
    () => demo.state,
  );
}
