import type { TargetName, ToolRequirement } from '../lesson/index.js';
import { currentPlatform, installCommand, type Platform } from './install.js';
import { TARGET_TOOLS, findExecutable, neededFor, nodeItem, toolItem } from './tools.js';
import type { DoctorItem } from './types.js';

/**
 * What this machine must have for a target, and nothing else: the runtime's own needs (Node,
 * and bash, which runs every lesson command), the target's tools, the tools the lessons state in
 * `requires.tools` for it (required, with their minimum versions), then what the target is
 * better with (a warning when missing). Doctor shows these items; `run` and `check` stop on the
 * failed ones before the first step, so both answer the same question the same way.
 */
export async function machineItems(
  target: TargetName,
  lessonTools: readonly ToolRequirement[],
  env: NodeJS.ProcessEnv = process.env,
  platform: Platform = currentPlatform(),
): Promise<DoctorItem[]> {
  const { required, recommended } = TARGET_TOOLS[target];
  const minimums = new Map(lessonTools.map((tool) => [tool.name, tool.minimum]));
  const requiredTools = new Set([...required, ...minimums.keys()]);
  const optional = recommended.filter((tool) => !requiredTools.has(tool));
  const tools = await Promise.all([
    ...[...requiredTools].map((tool) =>
      toolItem(tool, true, neededFor(tool), platform, env, minimums.get(tool) ?? undefined),
    ),
    ...optional.map((tool) => toolItem(tool, false, `recommended: ${neededFor(tool)}`, platform, env)),
  ]);
  return [nodeItem(platform), bashItem(env, platform), ...tools];
}

/** The failed items that stop a run: required, and not there (or too old). */
export async function preflightFailures(
  target: TargetName,
  lessonTools: readonly ToolRequirement[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<DoctorItem[]> {
  const items = await machineItems(target, lessonTools, env);
  return items.filter((item) => item.status === 'fail' && item.required);
}

/** Every lesson command runs in `bash`; without it a run would end 127 with nothing said. */
export function bashItem(env: NodeJS.ProcessEnv, platform: Pick<Platform, 'os' | 'debian'>): DoctorItem {
  const path = findExecutable('bash', env, platform);
  const base: Pick<DoctorItem, 'id' | 'title' | 'required'> = { id: 'tool:bash', title: 'bash', required: true };
  if (path) return { ...base, status: 'pass', detail: path };
  return {
    ...base,
    status: 'fail',
    detail: 'not found on PATH (every lesson command runs in bash)',
    fix:
      platform.os === 'darwin'
        ? 'macOS ships /bin/bash: put /bin on PATH'
        : platform.debian
          ? 'sudo apt-get install -y bash, and put its folder (/usr/bin) on PATH'
          : installCommand('bash', { os: platform.os, arch: '', debian: false }),
  };
}
