import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import type { TargetName } from '../lesson/index.js';
import { compareVersions } from '../shared/index.js';
import { installCommand, upgradeCommand, type Platform } from './install.js';
import type { DoctorItem } from './types.js';
import { isTargetName } from '../shared/index.js';

interface ToolSpec {
  readonly args: readonly string[];
  /** Pulls `1.2.3` out of the version command's output. */
  readonly version: (output: string) => string | undefined;
  /** Older than this works poorly with the lessons; below it is a warning, with the reason. */
  readonly minimum?: { readonly version: string; readonly why: string };
}

const semver = (pattern: RegExp) => (output: string) => pattern.exec(output)?.[1];

/** The tools lessons use, how to ask each its version, and which versions are too old. */
export const TOOLS: Readonly<Record<string, ToolSpec>> = {
  docker: { args: ['--version'], version: semver(/version v?(\d+\.\d+\.\d+)/i) },
  kind: { args: ['version'], version: semver(/v(\d+\.\d+\.\d+)/) },
  kubectl: {
    args: ['version', '--client', '-o', 'json'],
    version: (output) =>
      semver(/"gitVersion":\s*"v(\d+\.\d+\.\d+)/)(output) ?? semver(/Client Version:\s*v(\d+\.\d+\.\d+)/)(output),
    minimum: {
      version: '1.27.0',
      why:
        "kind clusters run Kubernetes 1.3x and kubectl supports one minor version of skew; Debian's " +
        'kubernetes-client package is 1.20',
    },
  },
  helm: {
    args: ['version', '--short'],
    version: semver(/v(\d+\.\d+\.\d+)/),
    minimum: { version: '3.8.0', why: "Kong's charts need Helm 3" },
  },
  deck: {
    args: ['version'],
    version: semver(/v?(\d+\.\d+\.\d+)/),
    minimum: {
      version: '1.28.0',
      why: "lessons use `deck gateway …` commands (decK 1.28+); Debian's deck package is 1.4",
    },
  },
  kongctl: { args: ['version'], version: semver(/v?(\d+\.\d+\.\d+)/) },
  curl: { args: ['--version'], version: semver(/curl (\d+\.\d+\.\d+)/) },
};

/** Which tools each target needs (fail when missing) and which it is better with (warn). */
export const TARGET_TOOLS: Readonly<
  Record<TargetName, { readonly required: readonly string[]; readonly recommended: readonly string[] }>
> = {
  sandbox: { required: [], recommended: ['curl'] },
  kind: { required: ['docker', 'kind', 'kubectl', 'helm'], recommended: ['curl'] },
  konnect: { required: ['deck', 'kongctl'], recommended: ['curl'] },
  gateway: { required: [], recommended: ['deck', 'curl'] },
  // The lab needs nothing but kong-workshop (`kong-workshop apply`); kubectl works against it too.
  'kind-lab': { required: [], recommended: ['kubectl', 'curl'] },
};

const NODE_MINIMUM = '20.19.0';

export function nodeItem(platform: Platform, nodeVersion = process.versions.node): DoctorItem {
  const ok = compareVersions(nodeVersion, NODE_MINIMUM) >= 0;
  return {
    id: 'node',
    title: 'Node.js',
    status: ok ? 'pass' : 'fail',
    required: true,
    detail: ok ? `v${nodeVersion}` : `v${nodeVersion} is older than v${NODE_MINIMUM}, which kong-workshop needs`,
    ...(ok ? {} : { fix: installCommand('node', platform) }),
  };
}

/**
 * Looks for a tool on PATH and asks its version. Missing is a `fail` when the target needs it
 * and a `warn` otherwise, with the install command. Older than the lessons' stated minimum
 * (`lessonMinimum`, from their `requires.tools`) is a `fail` when required, since their commands
 * would not work, with the upgrade command; older than doctor's own advice is a `warn`.
 */
export async function toolItem(
  name: string,
  required: boolean,
  neededFor: string,
  platform: Platform,
  env: NodeJS.ProcessEnv,
  lessonMinimum?: string,
): Promise<DoctorItem> {
  const base = { id: `tool:${name}`, title: name, required };
  const path = findExecutable(name, env, platform);
  const fix = installCommand(name, platform);
  if (!path)
    return {
      ...base,
      status: required ? 'fail' : 'warn',
      detail: required ? 'not found on PATH' : `not found on PATH (${neededFor})`,
      fix,
    };
  const spec = TOOLS[name];
  if (!spec) return { ...base, status: 'pass', detail: path };
  const result = await execa(path, spec.args, { env, reject: false, timeout: 10_000, stdin: 'ignore' });
  const version = spec.version(`${result.stdout}\n${result.stderr}`);
  if (!version) {
    const why = result.timedOut ? 'timed out' : `exited ${result.exitCode ?? result.signal}`;
    return {
      ...base,
      status: 'warn',
      detail: `found at ${path}, but \`${name} ${spec.args.join(' ')}\` ${why} without printing a version`,
      fix,
    };
  }
  if (lessonMinimum && compareVersions(version, lessonMinimum) < 0) {
    return {
      ...base,
      status: required ? 'fail' : 'warn',
      detail: `v${version} (${path}) is older than v${lessonMinimum}, the oldest the lessons' commands work with`,
      fix: upgradeCommand(name, platform),
    };
  }
  if (spec.minimum && compareVersions(version, spec.minimum.version) < 0) {
    return {
      ...base,
      status: 'warn',
      detail: `v${version} (${path}) is older than v${spec.minimum.version}: ${spec.minimum.why}`,
      fix,
    };
  }
  return { ...base, status: 'pass', detail: `v${version} (${path})` };
}

/** The file `which` would find, honouring PATH (and PATHEXT on Windows). */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: Pick<Platform, 'os'>,
): string | undefined {
  const extensions = platform.os === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** "needed for the kind target", for tools a target does not need. */
export function neededFor(tool: string): string {
  const targets = Object.keys(TARGET_TOOLS)
    .filter(isTargetName)
    .filter((t) => TARGET_TOOLS[t].required.includes(tool));
  if (targets.length) return `needed for the ${targets.join(' and ')} target${targets.length > 1 ? 's' : ''}`;
  return tool === 'curl' ? 'lessons use it in their commands' : 'some lessons use it';
}
