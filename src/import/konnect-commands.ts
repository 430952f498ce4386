/**
 * Shown commands that talk to Konnect, completed with the region the learner's organisation is in.
 * A page's `deck gateway … --konnect-token …` without `--konnect-addr`, or `kongctl get …`
 * without `--base-url`, talks to the US region; lint refuses them even in a block that is only
 * shown (a learner copies it). The importer adds `"$KONNECT_SERVER_URL"` and says so in the report.
 */

const KONGCTL_LOCAL = new Set(['version', 'help', 'completion', 'login', 'logout']);
const SERVER_URL = '"$KONNECT_SERVER_URL"';

export interface CompletedCommand {
  readonly text: string;
  /** 0-based lines of `text` where a flag was added, and which. */
  readonly added: readonly { readonly line: number; readonly flag: string }[];
}

/** Adds the region flag to each command of a shell block that needs it (continuation lines read as one). */
export function completeKonnectCommands(text: string): CompletedCommand {
  const lines = text.split('\n');
  const added: { line: number; flag: string }[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start;
    while (end < lines.length - 1 && /\\\s*$/.test(lines[end] ?? '')) end++;
    const command = lines.slice(start, end + 1).join('\n');
    const flag = missingFlag(command);
    if (flag) {
      const at = insertionPoint(lines, start, end, flag);
      if (at) {
        const line = lines[at.line] ?? '';
        const body = line.replace(/\s*\\\s*$/, '');
        lines[at.line] = `${body} ${flag} ${SERVER_URL}${line.slice(body.length)}`;
        added.push({ line: at.line, flag });
      }
    }
    start = end + 1;
  }
  return { text: lines.join('\n'), added };
}

function missingFlag(command: string): string | undefined {
  if (/\bdeck\s+gateway\s+\w/.test(command) && /--konnect-/.test(command) && !/--konnect-addr\b/.test(command))
    return '--konnect-addr';
  const kongctl = /\bkongctl\s+([<a-z][\w<>-]*)/.exec(command);
  if (kongctl && !KONGCTL_LOCAL.has(kongctl[1] ?? '') && !/--base-url\b|_KONNECT_BASE_URL=/.test(command))
    return '--base-url';
  return undefined;
}

/** The line of `deck gateway VERB` or `kongctl VERB`: the flag goes at its end (before a `\`). */
function insertionPoint(
  lines: readonly string[],
  start: number,
  end: number,
  flag: string,
): { line: number } | undefined {
  const head = flag === '--konnect-addr' ? /\bdeck\s+gateway\s+[\w-]+/ : /\bkongctl\s+[<a-z]/;
  for (let line = start; line <= end; line++) if (head.test(lines[line] ?? '')) return { line };
  return undefined;
}
