import { useSyncExternalStore } from 'react';
import type { Workshop, WorkshopState } from '../workshop/index.js';

/** The workshop's current state; the component re-renders whenever the workshop publishes a new one. */
export function useWorkshop(workshop: Pick<Workshop, 'state' | 'subscribe'>): WorkshopState {
  return useSyncExternalStore(
    (notify) => workshop.subscribe(notify),
    () => workshop.state,
  );
}
