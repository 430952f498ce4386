import { CliError } from './exit-codes.js';

/** One message and one hint; a stack trace only when KONG_WORKSHOP_DEBUG is set. */
export function formatCliError(error: unknown): string {
  const debug = Boolean(process.env.KONG_WORKSHOP_DEBUG);
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    const lines = [`error: ${error.message}`];
    if (typeof hint === 'string' && hint) lines.push(`hint: ${hint}`);
    if (debug || !(error instanceof CliError || typeof hint === 'string')) {
      if (debug && error.stack) lines.push(error.stack);
      else if (!(error instanceof CliError))
        lines.push('hint: this looks like a bug in kong-workshop; run it again with KONG_WORKSHOP_DEBUG=1 for details');
    }
    return `${lines.join('\n')}\n`;
  }
  return `error: ${String(error)}\n`;
}
