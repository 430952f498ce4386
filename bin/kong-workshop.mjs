#!/usr/bin/env node
// The published entry point: the esbuild bundle, built by `npm run build` (and by `npm pack`, through prepack).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps compiled bundle code on disk between runs (in its own cache folder), which
// takes a good share off every start; older Node has no such cache, and then this does nothing.
try {
  module.enableCompileCache?.();
} catch {
  // a cache that cannot be written costs nothing but the speed-up
}

const bundle = new URL('../bundle/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'kong-workshop: the bundle is missing. In a clone, run `npm run build`; installs from a git URL are not\n' +
      'supported (see "Installing" in the README): install a packed tarball instead.\n',
  );
  process.exit(3);
}
// Short `sandbox …` commands (status, sync, whoami…) run from a small bundle of their own: lessons
// call them many times, each a new process. It answers undefined for anything else, and for any
// argument it does not recognise, which the full CLI then handles.
const args = process.argv.slice(2);
const code =
  args[0] === 'sandbox' ? await (await import('../bundle/quick/sandbox.mjs')).quickSandbox(args.slice(1)) : undefined;
if (code === undefined) await import(bundle.href);
else process.exitCode = code;
