import { useRef } from 'react';

/**
 * The value from the latest render, for input handlers. ink attaches handlers in an effect, so a
 * key that arrives between a render and its effects reaches the previous handler: handlers that
 * read through this ref, and stay attached, never act on an old screen or drop a key.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
