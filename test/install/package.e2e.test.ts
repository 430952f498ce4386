import { execa } from 'execa';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { docExamples, exampleScript } from '../helpers/doc-examples.js';

/**
 * The install routes the README documents, tried as a new user would: a packed tarball installed
 * globally into a fresh prefix, with a fresh HOME and npm cache, from an empty folder, offline.
 * The bundle was built by `npm test`'s pretest; packing with --ignore-scripts reuses it.
 */
const sandboxPorts = ['--proxy-port', '0', '--admin-port', '0', '--kube-port', '0'];

function sizeOf(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

/** Every package.json that names an installed package (node_modules/<name> or node_modules/@scope/<name>). */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    if (entry.startsWith('@'))
      return readdirSync(join(nodeModules, entry)).flatMap((name) => [
        `${entry}/${name}`,
        ...installedPackages(join(nodeModules, entry, name, 'node_modules')),
      ]);
    return [entry, ...installedPackages(join(nodeModules, entry, 'node_modules'))];
  });
}

describe('the packed package, installed from an empty folder', () => {
  let root: string;
  let tarball: string;
  let env: Record<string, string>;
  const prefix = () => join(root, 'prefix');
  const empty = () => join(root, 'empty');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kw-install-'));
    for (const dir of ['home', 'prefix', 'empty', 'cache']) mkdirSync(join(root, dir));
    // A fresh HOME, npm cache and state: nothing from this machine's set-up may help.
    env = {
      HOME: join(root, 'home'),
      npm_config_cache: join(root, 'cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      KONG_WORKSHOP_HOME: join(root, 'home', 'kw'),
      PATH: `${join(root, 'prefix', 'bin')}:${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
    };
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', root, '--json'], {
      cwd: repoRoot,
      env,
    });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error('npm pack printed no package');
    tarball = join(root, info.filename);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ships no source maps, the licence, the bundled lessons and fixtures, and no test lessons', async () => {
    const listed = await execa('tar', ['-tzf', tarball]);
    const files = listed.stdout.split('\n');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/bundle/THIRD-PARTY-NOTICES.txt');
    expect(files).toContain('package/lessons/02-key-auth.md');
    expect(files).toContain('package/fixtures/deck/key-auth.yaml');
    expect(files.filter((file) => file.startsWith('package/fixtures/lessons/'))).toEqual([]);
  });

  it('installs offline as one package under 25 MB, with no install-script warning', async () => {
    const result = await execa('npm', ['install', '-g', '--offline', '--prefix', prefix(), tarball], {
      cwd: empty(),
      env,
      all: true,
    });
    expect(result.all).not.toMatch(/install-scripts|deprecated|ERR/i);
    const nodeModules = join(prefix(), 'lib', 'node_modules');
    const packages = installedPackages(nodeModules);
    expect(packages).toEqual(['kong-workshop']);
    expect(packages.length).toBeLessThanOrEqual(3);
    expect(sizeOf(nodeModules)).toBeLessThan(25 * 1024 * 1024);
  }, 60_000);

  it('runs the whole bundled workshop on the sandbox from the empty folder, with no arguments', async () => {
    const result = await execa('kong-workshop', ['run', '--target', 'sandbox', ...sandboxPorts], {
      cwd: empty(),
      env,
      reject: false,
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/ENOENT|at .*\.mjs:\d+/);
    expect(result.stdout).toMatch(/5 lessons: 5 passed/);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    // Nothing was written next to the user: the work folders live in the state folder.
    expect(readdirSync(empty())).toEqual([]);
  }, 150_000);

  it('finds a bundled lesson by id from any folder', async () => {
    const result = await execa('kong-workshop', ['check', '02-key-auth', '--target', 'sandbox', ...sandboxPorts], {
      cwd: empty(),
      env,
      reject: false,
      timeout: 60_000,
    });
    // Its checks ask a fresh sandbox for refusals, so they pass without any work done by hand.
    expect(result.stdout).toContain('Ask every caller for a key (key-auth) · checking on sandbox');
    expect(result.exitCode, result.stderr).toBe(0);
  }, 90_000);
  // Every shell example of the README and of the docs pages' quick starts, run in order as a reader
  // would, in a folder holding only the tarball (the README's first line installs it), so an example
  // that drifts from the CLI fails here. What cannot run on a CI machine is marked in the page itself
  // (`<!-- doc-test skip …: reason -->`) and counted. The sandbox is started first on free ports, so
  // the examples never fight over 8000 and 8001 with anything else on the machine.
  it('runs every shell example of the README and the docs quick starts against the installed package', async () => {
    const pages = ['README.md', 'docs/workshop.md', 'docs/kind-lab.md', 'docs/sandbox.md'];
    const examples = pages.flatMap((page) => docExamples(join(repoRoot, page), repoRoot));
    const folder = join(root, 'reader');
    mkdirSync(folder);
    copyFileSync(tarball, join(folder, basename(tarball)));
    const readerEnv = {
      ...env,
      npm_config_prefix: prefix(),
      npm_config_offline: 'true',
      KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
      KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
      KONG_WORKSHOP_SANDBOX_KUBE_PORT: '0',
    };
    await execa('kong-workshop', ['sandbox', 'start'], { cwd: folder, env: readerEnv });
    let ran = 0;
    const skipped: string[] = [];
    try {
      for (const example of examples) {
        for (const line of example.lines)
          if (line.skipped) skipped.push(`${example.where} ${line.text}: ${line.skipped}`);
        const runnable = example.lines.filter((line) => !line.skipped).length;
        if (runnable === 0) continue;
        const result = await execa('bash', ['-c', exampleScript(example)], {
          cwd: folder,
          env: readerEnv,
          reject: false,
          stdin: 'ignore',
          timeout: 240_000,
          all: true,
        });
        expect(result.exitCode, `the example at ${example.where} failed:\n${result.all.slice(-4000)}`).toBe(0);
        ran += runnable;
      }
    } finally {
      await execa('kong-workshop', ['sandbox', 'stop'], { cwd: folder, env: readerEnv, reject: false });
    }
    console.log(`doc examples: ${ran} commands ran, ${skipped.length} skipped:\n  ${skipped.join('\n  ')}`);
    expect(ran).toBeGreaterThanOrEqual(30);
  }, 900_000);
});

describe('npm link from a clone', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kw-link-'));
    for (const dir of ['home', 'prefix', 'empty']) mkdirSync(join(root, dir));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('puts kong-workshop on PATH, pointing at the clone, and it runs a lesson from another folder', async () => {
    const env = {
      HOME: join(root, 'home'),
      // `--prefix` means the project folder to `npm link`; the global prefix is this setting.
      npm_config_prefix: join(root, 'prefix'),
      npm_config_update_notifier: 'false',
      KONG_WORKSHOP_HOME: join(root, 'home', 'kw'),
      PATH: `${join(root, 'prefix', 'bin')}:${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
    };
    await execa('npm', ['link', '--ignore-scripts', '--offline'], {
      cwd: repoRoot,
      env,
    });
    const result = await execa('kong-workshop', ['run', '02-key-auth', '--target', 'sandbox', ...sandboxPorts], {
      cwd: join(root, 'empty'),
      env,
      reject: false,
      timeout: 60_000,
    });
    expect(result.stdout).toContain('PASSED Ask every caller for a key');
    expect(result.exitCode, result.stderr).toBe(0);
  }, 90_000);

  it('npm install -g . from the clone does the same', async () => {
    const prefix = join(root, 'prefix-global');
    mkdirSync(prefix);
    const env = {
      HOME: join(root, 'home'),
      npm_config_update_notifier: 'false',
      PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
    };
    await execa('npm', ['install', '-g', '--ignore-scripts', '--offline', '--prefix', prefix, '.'], {
      cwd: repoRoot,
      env,
    });
    const result = await execa('kong-workshop', ['lint'], { cwd: join(root, 'empty'), env, reject: false });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  }, 60_000);
});
