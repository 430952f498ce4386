import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The folder that holds kong-workshop's package.json. Works from source (src/…), from the
 * bundle (bundle/cli.mjs) and from its lazy chunks (bundle/chunks/…), which sit at different depths.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kong-workshop') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kong-workshop: cannot find the package folder');
    dir = parent;
  }
}

export function packageVersion(): string {
  if (typeof __KONG_WORKSHOP_VERSION__ === 'string') return __KONG_WORKSHOP_VERSION__;
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

/** The lessons that ship with the tool; only these run without --trust. */
export function bundledLessonsDir(): string {
  return join(packageRoot(), 'lessons');
}

export function bundledFixturesDir(): string {
  return join(packageRoot(), 'fixtures');
}
