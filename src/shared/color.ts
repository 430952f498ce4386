/**
 * The one colour rule, for every command and the TUI: NO_COLOR (set, not empty) turns colours off;
 * else FORCE_COLOR (set, not empty, not 0) turns them on, even in a pipe or on TERM=dumb; else
 * colours only on a terminal whose TERM is not `dumb`. Status never relies on colours. Kept here,
 * apart from the reporters, so the TUI's first frame can decide without loading them.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
