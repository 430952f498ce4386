// One esbuild bundle for fast start-up; heavy parts (ink, client-node) stay in lazy chunks.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Chunk names carry content hashes: without a clean folder, every build leaves old ones behind.
rmSync(new URL('./bundle/', import.meta.url), { recursive: true, force: true });

// ink's string-width (and wrap-ansi's copy), wrapped so that narrow text skips Intl.Segmenter: see
// stubs/string-width-fast.js. Only ES-module importers: cli-table3 requires an older CommonJS copy.
const fastStringWidth = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.kind !== 'import-statement' || args.pluginData === 'real') return undefined;
      const real = await build.resolve('string-width', {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'real',
      });
      return { path: real.path, namespace: 'fast-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      contents: [
        `import stringWidth from ${JSON.stringify(args.path)};`,
        "import { narrowWidth } from './stubs/string-width-fast.js';",
        'export default function fastStringWidth(text, options) {',
        '  const width = narrowWidth(text, options);',
        '  return width >= 0 ? width : stringWidth(text, options);',
        '}',
      ].join('\n'),
    }));
  },
};

const bundleOptions = {
  plugins: [fastStringWidth],
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // The workspace packages are bundled from their TypeScript source (their exports' `source` condition).
  conditions: ['source'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Maps help while developing; package.json's `files` leaves them out of the published package.
  sourcemap: true,
  metafile: true,
  // Whitespace and syntax only: names stay readable in stack traces. Parsing less text is a
  // measurable share of the TUI's start (see docs/benchmarks.md).
  minifyWhitespace: true,
  minifySyntax: true,
  alias: { 'react-devtools-core': './stubs/react-devtools-core.js', 'yoga-layout': './stubs/yoga-layout.js' },
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
};

const result = await build({ ...bundleOptions, entryPoints: ['src/cli.ts'], outdir: 'bundle' });

// The short `kong-workshop sandbox …` commands (status, sync, whoami…), bundled again on their own:
// lessons run them many times, each in a new process, and one small file starts much faster than
// the main bundle's chain of chunks. bin/kong-workshop.mjs loads this first for `sandbox …` and
// falls back to the main bundle for everything it does not handle. Its chunks are only what it
// loads later (the YAML parser for sync); the duplicated code is small.
await build({ ...bundleOptions, entryPoints: { sandbox: 'src/cli/quick.ts' }, outdir: 'bundle/quick' });

writeThirdPartyNotices(result.metafile);

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

/**
 * The bundle carries its dependencies' code, so the package carries their licences: every
 * node_modules package esbuild read, with its licence text, in bundle/THIRD-PARTY-NOTICES.txt.
 */
function writeThirdPartyNotices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    // A plugin's virtual module (namespace:path) wraps a real file that is listed on its own.
    if (/^[a-z-]+:/.test(input)) continue;
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1], input.slice(0, match.index + match[0].length));
  }
  const sections = [...packages.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dir]) => {
      const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
      const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
      const text = licenceFile ? readFileSync(`${dir}${licenceFile}`, 'utf8').trim() : `License: ${manifest.license}`;
      return `${name}@${manifest.version} (${manifest.license ?? 'see text'})\n\n${text}\n`;
    });
  const header = 'kong-workshop bundles the following packages. Their licences follow.\n';
  writeFileSync('bundle/THIRD-PARTY-NOTICES.txt', [header, ...sections].join(`\n${'-'.repeat(72)}\n\n`));
  if (!existsSync('bundle/THIRD-PARTY-NOTICES.txt')) throw new Error('third-party notices were not written');
}
