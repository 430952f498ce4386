import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicallySync } from '@kong-workshop/common';

/**
 * Which workshop target the gateway's configuration belongs to. The sandbox target and the kind
 * lab share one sandbox process but never each other's configuration: the sandbox target's lives
 * in config.json with the lab's controller paused, the lab's in config.kind-lab.json, which only
 * the lab's controller (and Admin API calls made meanwhile) fills, as real KIC with a DB-less Kong.
 * `shared` (a sandbox no target has claimed, e.g. started by hand) keeps config.json and lets the
 * lab push into it, so both ways of configuring can be tried side by side.
 */
export type GatewayOwner = 'shared' | 'sandbox' | 'kind-lab';

export const GATEWAY_OWNERS: readonly GatewayOwner[] = ['shared', 'sandbox', 'kind-lab'];

const ownerFile = (sandboxDir: string) => join(sandboxDir, 'owner');

/** The owner the last run chose, so a restarted sandbox serves the same configuration. */
export function readOwner(sandboxDir: string): GatewayOwner {
  try {
    const text = readFileSync(ownerFile(sandboxDir), 'utf8').trim();
    return GATEWAY_OWNERS.find((owner) => owner === text) ?? 'shared';
  } catch {
    return 'shared';
  }
}

export function writeOwner(sandboxDir: string, owner: GatewayOwner): void {
  writeFileAtomicallySync(ownerFile(sandboxDir), `${owner}\n`);
}

/** The saved-state file set an owner's configuration lives in (undefined: config.json). */
export const ownerFiles = (owner: GatewayOwner): string | undefined => (owner === 'kind-lab' ? 'kind-lab' : undefined);
