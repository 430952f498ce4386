#!/usr/bin/env node
// The published entry point: the esbuild bundle, built by `npm run build` (and by `npm pack`, through prepack).
import { existsSync } from 'node:fs';

const bundle = new URL('../bundle/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'kong-workshop: the bundle is missing. In a clone, run `npm run build`; installs from a git URL are not\n' +
      'supported (see "Installing" in the README): install a packed tarball instead.\n',
  );
  process.exit(3);
}
await import(bundle.href);
