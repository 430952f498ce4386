import type { TargetName } from '../lesson/index.js';
import { gatewayTarget } from './gateway.js';
import { kindTarget } from './kind.js';
import { kindLabTarget } from './kind-lab.js';
import { konnectTarget } from './konnect.js';
import { sandboxTarget } from './sandbox.js';
import type { Target } from './types.js';

const targets: Record<TargetName, Target> = {
  sandbox: sandboxTarget,
  kind: kindTarget,
  konnect: konnectTarget,
  gateway: gatewayTarget,
  'kind-lab': kindLabTarget,
};

/** The implementation of a target name. */
export function targetFor(name: TargetName): Target {
  return targets[name];
}

export function availableTargets(): readonly Target[] {
  return Object.values(targets);
}
