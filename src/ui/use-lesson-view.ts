import { useEffect, useState } from 'react';
import type { LessonView } from './LessonView.js';

type LessonViewComponent = typeof LessonView;

// Kept once loaded: the app mounts again after the learner's shell, and must not flash the home screen.
let loaded: LessonViewComponent | undefined;
let loading: Promise<LessonViewComponent> | undefined;

/**
 * The lesson screen, loaded after the home screen takes keys rather than before: it brings the
 * markdown renderer (marked builds its grammar when loaded) and the lesson layout, which the
 * first screen never shows. Opening a lesson parses it and reaches the target, so the view is
 * in long before it is needed; until then the caller keeps showing the home screen.
 */
export function useLessonView(): LessonViewComponent | undefined {
  const [view, setView] = useState<LessonViewComponent | undefined>(() => loaded);
  useEffect(() => {
    if (view) return;
    let mounted = true;
    loading ??= import('./LessonView.js').then((module) => (loaded = module.LessonView));
    // A failed load (files missing, or the process tearing down) is tried again on the next mount.
    loading.then(
      (component) => mounted && setView(() => component),
      () => {
        loading = undefined;
      },
    );
    return () => {
      mounted = false;
    };
  }, [view]);
  return view;
}
