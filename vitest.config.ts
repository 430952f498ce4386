import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tests run the workspace packages from their TypeScript source, as the bundle does (the `source`
 * condition of each package's exports), so a change in packages/ needs no build before a test.
 */
function workspaceSourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: string; replacement: string }[] = [];
  for (const folder of readdirSync('packages')) {
    const manifest = JSON.parse(readFileSync(join('packages', folder, 'package.json'), 'utf8'));
    for (const [subpath, conditions] of Object.entries<{ source: string }>(manifest.exports)) {
      aliases.push({
        find: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
        replacement: resolve('packages', folder, conditions.source),
      });
    }
  }
  // Anchored both ends, so `@kong-workshop/sandbox` never swallows `@kong-workshop/sandbox/extension`.
  return aliases.map((a) => ({
    find: new RegExp(`^${a.find.replace(/[/.-]/g, '\\$&')}$`),
    replacement: a.replacement,
  }));
}

export default defineConfig({
  resolve: { alias: workspaceSourceAliases() },
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Every test that needs state gets its own KONG_WORKSHOP_HOME; see test/setup.ts.
    setupFiles: ['./test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
