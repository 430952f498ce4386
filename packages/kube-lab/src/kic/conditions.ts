import { timestamp, type LabCondition } from '../types.js';

/** KIC's view of an object after a sync (internal/util/kubernetes/object/set.go). */
export type ConfigurationStatus = 'Succeeded' | 'Failed' | 'Unknown';

// internal/controllers/utils/conditions.go
const PROGRAMMED_MESSAGES = {
  Succeeded: 'Object was successfully configured in Kong.',
  Failed: 'Object failed to be configured in Kong - see its attached Events for more information.',
  Unknown: 'Object is pending configuration in Kong.',
} as const;

const PROGRAMMED = {
  Succeeded: ['True', 'Programmed'],
  Failed: ['False', 'Invalid'],
  Unknown: ['False', 'Pending'],
} as const;

/**
 * EnsureProgrammedCondition: the Programmed condition for a configuration status, or undefined
 * when nothing changes. A condition already there with the same status, reason and
 * observedGeneration stays; an existing one is never replaced by Unknown (KIC avoids racing a
 * new instance that has not synced yet).
 */
export function ensureProgrammedCondition(
  status: ConfigurationStatus,
  generation: number,
  conditions: readonly LabCondition[],
  now = Date.now(),
): LabCondition[] | undefined {
  const [conditionStatus, reason] = PROGRAMMED[status];
  const index = conditions.findIndex((c) => c.type === 'Programmed');
  const existing = conditions[index];
  if (
    existing &&
    existing.status === conditionStatus &&
    existing.reason === reason &&
    existing.observedGeneration === generation
  )
    return undefined;
  const desired: LabCondition = {
    type: 'Programmed',
    status: conditionStatus,
    observedGeneration: generation,
    lastTransitionTime: timestamp(now),
    reason,
    message: PROGRAMMED_MESSAGES[status],
  };
  if (!existing) return [...conditions, desired];
  if (status === 'Unknown') return undefined;
  return conditions.map((c, i) => (i === index ? desired : c));
}

/** Sets a condition of a type, keeping lastTransitionTime when its status does not change. */
export function setCondition(
  conditions: readonly LabCondition[],
  next: Omit<LabCondition, 'lastTransitionTime'>,
  now = Date.now(),
): LabCondition[] {
  const existing = conditions.find((c) => c.type === next.type);
  const condition: LabCondition = {
    ...next,
    lastTransitionTime: existing && existing.status === next.status ? existing.lastTransitionTime : timestamp(now),
  };
  return existing ? conditions.map((c) => (c.type === next.type ? condition : c)) : [...conditions, condition];
}
