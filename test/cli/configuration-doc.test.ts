import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

describe('docs/configuration.md', () => {
  const page = readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8');
  const files = [
    ...sources(join(repoRoot, 'src')),
    ...sources(join(repoRoot, 'bin')),
    ...readdirSync(join(repoRoot, 'packages')).flatMap((pkg) => sources(join(repoRoot, 'packages', pkg, 'src'))),
  ];
  const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');

  it('names every KONG_WORKSHOP_ variable the code reads or sets', () => {
    // __KONG_WORKSHOP_VERSION__ is a build-time constant, not a variable.
    const names = new Set([...text.matchAll(/(?<![_A-Z])KONG_WORKSHOP_[A-Z_]*[A-Z](?!_)/g)].map((m) => m[0]));
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) expect(page, name).toContain(`\`${name}\``);
  });

  it('names every variable read through process.env', () => {
    const names = new Set([...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] ?? ''));
    for (const name of names) expect(page, name).toContain(`\`${name}\``);
  });
});
