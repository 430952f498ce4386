import { useEffect, useState } from 'react';
import type { Highlighter } from './markdown.js';

let loaded: Highlighter | undefined;
let loading: Promise<Highlighter | undefined> | undefined;

/**
 * Syntax highlighting, loaded the first time a screen with code asks for it (never for the home
 * screen, never with colour off). Code shows plain for the moment it takes.
 */
export function useHighlighter(wanted: boolean): Highlighter | undefined {
  const [highlighter, setHighlighter] = useState<Highlighter | undefined>(() => loaded);
  useEffect(() => {
    if (!wanted || highlighter) return;
    let live = true;
    loading ??= import('./highlight.js').then((module) => module.loadHighlighter()).catch(() => undefined);
    void loading.then((loadedNow) => {
      loaded = loadedNow;
      if (live && loadedNow) setHighlighter(() => loadedNow);
    });
    return () => {
      live = false;
    };
  }, [wanted, highlighter]);
  return wanted ? highlighter : undefined;
}
