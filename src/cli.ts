// The entry point stays tiny: `--version` must answer without loading anything else.
import { endQuietlyOnClosedPipe, packageVersion } from './shared/index.js';

endQuietlyOnClosedPipe();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./cli/index.js');
  process.exitCode = await main(args);
}
