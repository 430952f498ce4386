import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, root, timePaired, type Bench, type BenchRow } from './lib.js';

// A string only client-node's code contains, to find its chunk in the bundle whatever esbuild names it.
const CLIENT_NODE_MARKER = 'HTTP protocol is not allowed when skipTLSVerify is not set or false';

export const bench: Bench = {
  title: 'Start-up does not pay for the Kubernetes client',
  async run() {
    const chunksDir = join(root, 'bundle', 'chunks');
    const chunk = readdirSync(chunksDir)
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => join(chunksDir, file))
      .find((file) => readFileSync(file, 'utf8').includes(CLIENT_NODE_MARKER));
    if (!chunk) throw new Error('no bundle chunk holds @kubernetes/client-node; run `npm run build`');
    const entry = join(root, 'bundle', 'cli.mjs');
    const eager = staticImports(entry);

    // Each command is timed in turn with `node -e 0` (A B A B …): on a busy machine the median
    // of the pairwise ratios holds where two separate medians drift apart.
    const version = await paired('`kong-workshop --version`', [cli, '--version'], 2.0);
    const help = await paired('`kong-workshop --help`', [cli, '--help']);
    const importChunk = await paired('import the bundled client-node chunk alone', [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(chunk).href)})`,
    ]);
    const importPackage = await paired('import `@kubernetes/client-node` unbundled', [
      '--input-type=module',
      '-e',
      "await import('@kubernetes/client-node')",
    ]);
    const rows = [version, help, importChunk, importPackage];
    const cost = importChunk.value - importChunk.baseline;
    return {
      title: this.title,
      method:
        'Whole-process wall time, each command alternated with `node -e 0` over 15 pairs after 2 warm-ups (medians; ' +
        'the ratio is the median of the pairwise ratios), stdout not a terminal. The client chunk is found in ' +
        'bundle/chunks by a string only client-node contains; its import is timed in a process of its own.',
      rows,
      notes: [
        `Loading the Kubernetes client costs about ${Math.round(cost)} ms (bundled chunk, ` +
          `${(readFileSync(chunk).length / 1e6).toFixed(1)} MB). \`--version\` runs ` +
          `${Math.round(version.value - version.baseline)} ms and \`--help\` ` +
          `${Math.round(help.value - help.baseline)} ms above bare Node, so neither pays it.`,
        `The static import graph of bundle/cli.mjs (${eager.size} files) ` +
          `${eager.has(resolve(chunk)) ? '**includes**' : 'does not include'} the client chunk: it is reached only ` +
          `through \`import()\` in src/kube, when a Kubernetes check, the kind target or \`doctor --target kind\` ` +
          `needs it.`,
      ],
    };
  },
};

/** Every file a module loads before it runs: static `import … from` edges only, not `import()`. */
function staticImports(entry: string, seen = new Set<string>()): Set<string> {
  const file = resolve(entry);
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*"(\.{1,2}\/[^"]+)"|^\s*import\s*"(\.{1,2}\/[^"]+)"/gm,
  )) {
    staticImports(join(dirname(file), (match[1] ?? match[2])!), seen);
  }
  return seen;
}

async function paired(name: string, args: readonly string[], max?: number): Promise<BenchRow> {
  const run = (argv: readonly string[]) => () => {
    const result = spawnSync('node', argv, { cwd: root, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${result.status}`);
  };
  const { a, b, ratio } = await timePaired(run(args), run(['-e', '0']));
  return {
    name,
    value: a,
    unit: 'ms',
    baselineName: '`node -e 0`',
    baseline: b,
    ratio,
    ...(max === undefined ? {} : { target: `≤ ${max.toFixed(1)}×`, met: ratio <= max }),
  };
}
