import { currentPlatform, type Platform } from './install.js';
import { dockerDaemonItem } from './docker.js';
import { kindItems } from './kind-items.js';
import { kubeLabItem, portItem, sandboxItem, sandboxState } from './sandbox-items.js';
import { machineItems } from './machine.js';
import type { DoctorItem, DoctorOptions, DoctorReport, DoctorStatus } from './types.js';

/**
 * Looks at everything a target needs and says, item by item, what is there, what is missing
 * and the exact fix. Never throws for what it finds: problems are items. The report is not
 * `ok` when an item the target requires failed.
 */
export async function runDoctor(options: DoctorOptions, platform: Platform = currentPlatform()): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const [machine, targetItems] = await Promise.all([
    machineItems(options.target, options.requiredTools ?? [], env, platform),
    targetSpecificItems(options, env, platform),
  ]);
  const items: DoctorItem[] = [...machine, ...targetItems];
  const counts: Record<DoctorStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const item of items) counts[item.status]++;
  return {
    target: options.target,
    platform: `${platform.os} ${process.arch}`,
    ok: !items.some((item) => item.status === 'fail' && item.required),
    counts,
    items,
  };
}

async function targetSpecificItems(
  options: DoctorOptions,
  env: NodeJS.ProcessEnv,
  platform: Platform,
): Promise<DoctorItem[]> {
  switch (options.target) {
    case 'kind': {
      const [daemon, cluster] = await Promise.all([
        dockerDaemonItem(platform, env),
        kindItems(options.settings ?? {}, env, options.signal),
      ]);
      return [...(daemon ? [daemon] : []), ...cluster];
    }
    case 'sandbox': {
      const state = await sandboxState(env);
      const ports = await Promise.all((options.sandboxPorts ?? [8000, 8001]).map((port) => portItem(port, state)));
      return [sandboxItem(state), ...ports];
    }
    case 'kind-lab': {
      const state = await sandboxState(env);
      return [sandboxItem(state), await kubeLabItem(state, env)];
    }
    case 'konnect':
    case 'gateway':
      return [];
  }
}
