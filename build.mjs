// One esbuild bundle for fast start-up; heavy parts (ink, client-node) stay in lazy chunks.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Chunk names carry content hashes: without a clean folder, every build leaves old ones behind.
rmSync(new URL('./bundle/', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'bundle',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // The workspace packages are bundled from their TypeScript source (their exports' `source` condition).
  conditions: ['source'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  metafile: false,
  alias: { 'react-devtools-core': './stubs/react-devtools-core.js' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __KONG_WORKSHOP_VERSION__: JSON.stringify(version),
  },
  // Some CommonJS dependencies call require() for Node built-ins or read __filename
  // (write-file-atomic); ESM output has neither, so each chunk gets real ones.
  banner: {
    js: [
      "import { createRequire as __kwCreateRequire } from 'node:module';",
      "import { fileURLToPath as __kwFileURLToPath } from 'node:url';",
      'const require = __kwCreateRequire(import.meta.url);',
      'const __filename = __kwFileURLToPath(import.meta.url);',
      "const __dirname = __kwFileURLToPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  logLevel: 'warning',
});

// Each workspace package also builds on its own into packages/<name>/dist, so it runs without the
// workshop around it (`node packages/sandbox/bin/kong-sandbox.mjs`) and can be imported by plain Node.
for (const folder of readdirSync(new URL('./packages/', import.meta.url))) {
  const root = new URL(`./packages/${folder}/`, import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const entries = Object.values(manifest.exports).map((conditions) => conditions.source);
  if (manifest.bin) entries.push('./src/cli.ts');
  rmSync(new URL('dist/', root), { recursive: true, force: true });
  await build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: entries,
    outdir: 'dist',
    outbase: 'src',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    // Dependencies, including sibling packages, are resolved by Node from node_modules at run time.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}
