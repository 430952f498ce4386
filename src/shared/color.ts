/**
 * Colours only when the stream is a terminal and NO_COLOR is unset (FORCE_COLOR forces them);
 * status never relies on them. Kept here, apart from the reporters, so the TUI's first frame can
 * decide without loading them.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
