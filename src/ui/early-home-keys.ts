/**
 * The home screen's cursor keys, read from raw terminal bytes before ink has loaded (ink parses
 * keys itself once it runs). Only the moves, which need nothing but a repaint: ↑ ↓ and k j, as
 * Home binds them (keys.ts). Anything else ends the moves and is left for the app.
 */
const MOVES: readonly (readonly [bytes: string, step: -1 | 1])[] = [
  ['\u001B[A', -1],
  ['\u001BOA', -1],
  ['\u001B[B', 1],
  ['\u001BOB', 1],
  ['k', -1],
  ['j', 1],
];

/** The selection after the moves at the start of `bytes`, and the bytes from the first other key. */
export function earlyHomeMoves(
  bytes: Buffer,
  selected: number,
  lessonCount: number,
): { selected: number; rest: Buffer } {
  const total = Math.max(1, lessonCount);
  let at = 0;
  let current = selected;
  for (;;) {
    const move = MOVES.find(([sequence]) => bytes.subarray(at, at + sequence.length).toString('latin1') === sequence);
    if (!move) break;
    // Wraps like Home: up from the first lesson is the last.
    current = (current + move[1] + total) % total;
    at += move[0].length;
  }
  return { selected: current, rest: bytes.subarray(at) };
}
