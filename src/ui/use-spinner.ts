import { useEffect, useState } from 'react';

/** A frame counter that ticks only while something runs: an idle screen never redraws. */
export function useSpinner(active: boolean, intervalMs = 100): number {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setFrame((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return frame;
}
