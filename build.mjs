// One esbuild bundle for fast start-up; heavy parts (ink, client-node) stay in lazy chunks.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

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
