import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of docs/architecture.md, enforced on every file in src/.
const srcDir = join(import.meta.dirname, '..', '..', 'src');

interface ImportRef {
  readonly file: string; // relative to src, with forward slashes
  readonly specifier: string;
  readonly kind: 'static' | 'type' | 'dynamic';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(path: string): ImportRef[] {
  const text = readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const file = relative(srcDir, path).split(sep).join('/');
  const refs: ImportRef[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    refs.push({ file, specifier: match[3]!, kind: match[2] ? 'type' : 'static' });
  }
  for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm))
    refs.push({ file, specifier: match[1]!, kind: 'static' });
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    refs.push({ file, specifier: match[1]!, kind: 'dynamic' });
  return refs;
}

const all = sourceFiles(srcDir).flatMap(importsOf);
const moduleOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : '(root)');
const isInk = (s: string) =>
  s === 'ink' || s.startsWith('ink-') || s === 'react' || s.startsWith('react/') || s.startsWith('@inkjs/');
const isIo = (s: string) => s === 'execa' || s === 'undici' || s.startsWith('@kubernetes/client-node');

function resolveModule(ref: ImportRef): string | undefined {
  if (!ref.specifier.startsWith('.')) return undefined;
  const parts = ref.file.split('/').slice(0, -1);
  for (const piece of ref.specifier.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

describe('import boundaries', () => {
  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('only src/ui imports ink or react', () => {
    const offenders = all.filter((ref) => isInk(ref.specifier) && ref.kind !== 'type' && moduleOf(ref.file) !== 'ui');
    expect(offenders).toEqual([]);
  });

  it('src/ui never imports execa, undici or @kubernetes/client-node', () => {
    const offenders = all.filter((ref) => moduleOf(ref.file) === 'ui' && isIo(ref.specifier) && ref.kind !== 'type');
    expect(offenders).toEqual([]);
  });

  it('the UI is loaded lazily: nothing imports src/ui statically from outside it', () => {
    const offenders = all.filter((ref) => {
      const target = resolveModule(ref);
      return (
        target !== undefined && target.split('/')[0] === 'ui' && moduleOf(ref.file) !== 'ui' && ref.kind === 'static'
      );
    });
    expect(offenders).toEqual([]);
  });

  it('the engine, lessons, checks, exec and reports never import the UI or the CLI', () => {
    const core = new Set([
      'import',
      'class',
      'engine',
      'lesson',
      'checks',
      'exec',
      'report',
      'targets',
      'sandbox-host',
      'sandbox-daemon',
      'state',
      'secrets',
      'shared',
      'trust',
      'kube',
      'doctor',
      'progress',
      'workshop',
      'demo',
    ]);
    const offenders = all.filter((ref) => {
      const target = resolveModule(ref);
      return (
        core.has(moduleOf(ref.file)) &&
        target !== undefined &&
        ['ui', 'cli'].includes(target.split('/')[0]!) &&
        ref.kind !== 'type'
      );
    });
    expect(offenders).toEqual([]);
  });

  it('@kubernetes/client-node is only ever loaded lazily, so start-up stays fast', () => {
    const offenders = all.filter((ref) => ref.specifier.startsWith('@kubernetes/client-node') && ref.kind === 'static');
    expect(offenders).toEqual([]);
  });

  // A module may offer a second, pure entry (model.ts) so callers that need its vocabulary do not load its I/O.
  it('other modules import a module only through its index (or its pure model entry)', () => {
    const offenders = all.filter((ref) => {
      const target = resolveModule(ref);
      if (target === undefined) return false;
      const [targetModule, ...rest] = target.split('/');
      if (rest.length === 0 || targetModule === moduleOf(ref.file)) return false; // same module, or a root file
      return rest.join('/') !== 'index.js' && rest.join('/') !== 'model.js';
    });
    expect(offenders).toEqual([]);
  });
});

// The gateway and its lab are products of their own: they must build, test and run without the runner.
const packagesDir = join(import.meta.dirname, '..', '..', 'packages');

interface PackageImport {
  readonly pkg: string;
  readonly file: string;
  readonly specifier: string;
}

function packageImports(): { manifests: Map<string, { name: string; dependencies: string[] }>; refs: PackageImport[] } {
  const manifests = new Map<string, { name: string; dependencies: string[] }>();
  const refs: PackageImport[] = [];
  for (const folder of readdirSync(packagesDir)) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, folder, 'package.json'), 'utf8'));
    manifests.set(folder, { name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}) });
    for (const sub of ['src', 'test']) {
      let files: string[] = [];
      try {
        files = sourceFiles(join(packagesDir, folder, sub));
      } catch {
        continue;
      }
      for (const path of files)
        for (const ref of importsOf(path))
          refs.push({ pkg: folder, file: relative(packagesDir, path).split(sep).join('/'), specifier: ref.specifier });
    }
  }
  return { manifests, refs };
}

describe('workspace packages', () => {
  const { manifests, refs } = packageImports();

  it('finds the gateway, the kube lab and their common helpers', () => {
    expect([...manifests.keys()].sort()).toEqual(['common', 'kube-lab', 'sandbox']);
  });

  it('no package reaches outside its own folder (never into the runner in src/ or test/)', () => {
    const offenders = refs.filter((ref) => {
      if (!ref.specifier.startsWith('.')) return false;
      const parts = ref.file.split('/').slice(0, -1);
      for (const piece of ref.specifier.split('/')) {
        if (piece === '..') parts.pop();
        else if (piece !== '.') parts.push(piece);
      }
      return parts[0] !== ref.pkg;
    });
    expect(offenders).toEqual([]);
  });

  it('a package imports only Node built-ins, its declared dependencies and test tools', () => {
    const offenders = refs.filter((ref) => {
      if (ref.specifier.startsWith('.') || ref.specifier.startsWith('node:')) return false;
      const name = ref.specifier.startsWith('@')
        ? ref.specifier.split('/').slice(0, 2).join('/')
        : ref.specifier.split('/')[0];
      if (ref.file.includes('/test/') && ['vitest', 'undici', 'yaml'].includes(name ?? '')) return false;
      return !manifests.get(ref.pkg)?.dependencies.includes(name ?? '');
    });
    expect(offenders).toEqual([]);
  });

  it('nothing in the runner imports a package by a path instead of its name', () => {
    expect(all.filter((ref) => ref.specifier.includes('packages/'))).toEqual([]);
  });

  it('the runner loads the kube lab server only when a lab starts', () => {
    const offenders = all.filter((ref) => ref.specifier === '@kong-workshop/kube-lab/server' && ref.kind !== 'dynamic');
    expect(offenders).toEqual([]);
  });
});
