import { useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { useLatest } from './use-latest.js';
import type { PromptDialog } from '../workshop/index.js';

/**
 * Typing into a prompt: printable characters (pastes too) append, Backspace deletes, Ctrl-U
 * clears, Enter answers, Esc cancels. The text lives only here and in the answer, never on screen
 * for a secret.
 */
export function usePromptInput(dialog: PromptDialog | undefined, answer: (value: string | undefined) => void): string {
  const [typed, setTyped] = useState('');
  // Keys can come faster than renders (a paste, then Enter): the ref always has every key so far.
  const text = useRef('');
  const update = (next: string) => {
    text.current = next;
    setTyped(next);
  };
  // A new question (or the same one asked again after a refused answer) starts empty.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new dialog is the trigger
  useEffect(() => update(''), [dialog]);
  const latest = useLatest({ dialog, answer });
  useInput((input, key) => {
    if (!latest.current.dialog || (key.ctrl && input === 'c')) return;
    if (key.return) return latest.current.answer(text.current);
    if (key.escape) return latest.current.answer(undefined);
    if (key.backspace || key.delete) return update([...text.current].slice(0, -1).join(''));
    if (key.ctrl && input === 'u') return update('');
    if (
      key.ctrl ||
      key.meta ||
      key.tab ||
      key.upArrow ||
      key.downArrow ||
      key.leftArrow ||
      key.rightArrow ||
      key.pageUp ||
      key.pageDown
    )
      return;
    // Pasted text may carry a newline at the end; the token itself never does.
    const printable = input.replace(/[\r\n]+$/, '').replace(/[\u0000-\u001F\u007F]/g, '');
    if (printable) update(text.current + printable);
  });
  return typed;
}
