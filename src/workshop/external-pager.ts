import { withTerminalLent } from './terminal-handover.js';

/** The learner's pager: `$PAGER` as they set it, else `less`, which every system we run on has. */
export function pagerCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAGER?.trim() || 'less';
}
/**
 * Shows `text` in the learner's `$PAGER` on this terminal, and resolves when they quit it. The
 * caller has unmounted the app and masked the text; this process stops reading the terminal
 * meanwhile (the pager reads keys from it), and a pager that cannot start is said, not thrown.
 */
export async function openInPager(
  text: string,
  options: { readonly command?: string; readonly stdin?: NodeJS.ReadStream } = {},
): Promise<string | undefined> {
  const command = options.command ?? pagerCommand();
  return withTerminalLent(async () => {
    const { execa } = await import('execa');
    // A shell line, as $PAGER is by convention (`less -R`, `bat --paging=always`).
    const result = await execa(command, {
      shell: true,
      input: text,
      stdout: 'inherit',
      stderr: 'inherit',
      reject: false,
      env: { LESS: process.env.LESS ?? 'R' },
    });
    if (result.failed && result.exitCode === undefined) return `could not start ${command}: ${result.shortMessage}`;
    if (result.exitCode === 127) return `could not start ${command}: not found`;
    return undefined;
  }, options.stdin);
}
