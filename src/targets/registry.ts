import type { TargetName } from '../lesson/index.js';
import { gatewayTarget } from './gateway.js';
import { kindTarget } from './kind.js';
import { konnectTarget } from './konnect.js';
import { sandboxTarget } from './sandbox.js';
import type { Target } from './types.js';

const targets: Partial<Record<TargetName, Target>> = {
  sandbox: sandboxTarget,
  kind: kindTarget,
  konnect: konnectTarget,
  gateway: gatewayTarget,
};

/** The implementation of a target name. */
export function targetFor(name: TargetName): Target {
  const target = targets[name];
  if (!target) throw new Error(`no implementation for target ${name}`);
  return target;
}

export function availableTargets(): readonly Target[] {
  return Object.values(targets);
}
