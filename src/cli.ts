// The entry point stays tiny: `--version` must answer without loading anything else.
import { endQuietlyOnClosedPipe } from './shared/closed-pipe.js';
import { holdEarlyInput } from './shared/early-input.js';
import { packageVersion } from './shared/index.js';

endQuietlyOnClosedPipe();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  // The workshop: keys typed while it loads are kept for the app (see early-input.ts).
  if ((args.length === 0 || args[0] === 'start') && !args.some((arg) => arg === '--help' || arg === '-h'))
    holdEarlyInput();
  const { main } = await import('./cli/index.js');
  process.exitCode = await main(args);
}
