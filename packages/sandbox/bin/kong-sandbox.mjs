#!/usr/bin/env node
// The gateway alone: `kong-sandbox --help`. Built to dist/ by the repository's `npm run build`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
