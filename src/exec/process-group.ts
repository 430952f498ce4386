import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Time a process group gets between SIGTERM and SIGKILL: short, so cancelling feels instant. */
export const KILL_GRACE_MS = 250;

/**
 * A process group the runner started. `startTime` (Linux only) tells the group's leader apart
 * from an unrelated process that later got the same pid.
 */
export interface ProcessGroup {
  readonly pgid: number;
  readonly startTime: string | undefined;
}

// Groups that may still have members, across every session, so that the runner never leaves
// a lesson's background server behind even when it exits without closing its sessions.
const liveGroups = new Set<ProcessGroup>();
let exitHookInstalled = false;

export function trackGroup(pgid: number): ProcessGroup {
  const group: ProcessGroup = { pgid, startTime: readStartTime(pgid) };
  liveGroups.add(group);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const live of liveGroups) signalGroup(live, 'SIGKILL');
    });
  }
  return group;
}

export function untrackGroup(group: ProcessGroup): void {
  liveGroups.delete(group);
}

/** Sends a signal to every process in the group; false when the group is gone. */
export function signalGroup(group: ProcessGroup, signal: NodeJS.Signals | 0): boolean {
  if (isReused(group)) return false;
  try {
    process.kill(-group.pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/** SIGTERM, then SIGKILL to whatever is left after the grace period. */
export async function terminateGroup(group: ProcessGroup): Promise<void> {
  if (!signalGroup(group, 'SIGTERM')) return;
  const deadline = performance.now() + KILL_GRACE_MS;
  while (performance.now() < deadline) {
    await sleep(20);
    if (!signalGroup(group, 0)) return;
  }
  signalGroup(group, 'SIGKILL');
}

/** What a shell reports for a process killed by a signal: 128 + its number. */
export function exitCodeForSignal(signal: string): number {
  const number = (constants.signals as Record<string, number | undefined>)[signal];
  return 128 + (number ?? 0);
}

// Field 22 of /proc/<pid>/stat is the start time in clock ticks since boot; the command name
// (field 2) may hold spaces and parentheses, so count from the last ')'.
function readStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The leader's pid now belongs to another process, so the group we started is long gone. */
function isReused(group: ProcessGroup): boolean {
  if (group.startTime === undefined) return false;
  const now = readStartTime(group.pgid);
  return now !== undefined && now !== group.startTime;
}
