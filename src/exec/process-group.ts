import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RUN_MARKER_ENV } from './model.js';

/** Time a process group gets between SIGTERM and SIGKILL: short, so cancelling feels instant. */
export const KILL_GRACE_MS = 250;

/**
 * Time the group's leader (the session's bash) gets after SIGTERM, once the rest of the group is
 * gone: long enough to save the session's state on its way out even on a loaded machine.
 */
export const LEADER_GRACE_MS = 2000;

/**
 * A process group the runner started. `startTime` (Linux only) tells the group's leader apart
 * from an unrelated process that later got the same pid.
 */
export interface ProcessGroup {
  readonly pgid: number;
  readonly startTime: string | undefined;
  /**
   * The value of {@link RUN_MARKER_ENV} in the command's environment. Every descendant inherits it,
   * including one that left the group with `setsid` or a double fork, so it finds those too.
   */
  readonly marker: string | undefined;
}

export { RUN_MARKER_ENV };

/** A fresh marker for one command: this process's pid and random bytes. */
export const newRunMarker = (): string => `${process.pid}-${randomBytes(8).toString('hex')}`;

// Groups that may still have members, across every session, so that the runner never leaves
// a lesson's background server behind even when it exits without closing its sessions.
const liveGroups = new Set<ProcessGroup>();
let exitHookInstalled = false;

export function trackGroup(pgid: number, marker?: string): ProcessGroup {
  const group: ProcessGroup = { pgid, startTime: readStartTime(pgid), marker };
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

/**
 * Sends a signal to every process in the group, and (for a real signal) to every process that
 * carries the group's marker; false when the group is gone.
 */
export function signalGroup(group: ProcessGroup, signal: NodeJS.Signals | 0): boolean {
  const reused = isReused(group);
  // Marked processes still in the group get the signal from the group kill below, and only from it: a
  // second SIGTERM would interrupt what the first one's trap is doing (bash saving the session's state).
  if (signal !== 0 && group.marker)
    for (const pid of markedProcesses(group.marker))
      if (reused || processGroupOf(pid) !== group.pgid) signalProcess(pid, signal);
  if (reused) return false;
  try {
    process.kill(-group.pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/**
 * Sends a signal to everything the group started except its leader: processes in the group, and
 * those that carry its marker. Where /proc cannot be read (not Linux), the whole group gets it.
 */
export function signalGroupExceptLeader(group: ProcessGroup, signal: NodeJS.Signals): void {
  const members = groupMembers(group);
  if (members === undefined) {
    signalGroup(group, signal);
    return;
  }
  for (const pid of members) if (pid !== group.pgid) signalProcess(pid, signal);
}

/** Is anything that the group started still alive, in the group or escaped from it? */
export function groupHasMembers(group: ProcessGroup): boolean {
  return signalGroup(group, 0) || (group.marker !== undefined && markedProcesses(group.marker).length > 0);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already, or not ours
  }
}

/** The process group of `pid` (Linux: field 5 of /proc/<pid>/stat); undefined when it cannot be read. */
function processGroupOf(pid: number): number | undefined {
  const field = statField(pid, 5);
  return field === undefined ? undefined : Number(field);
}

/** The pids in the group or carrying its marker (Linux); undefined where /proc cannot be read. */
function groupMembers(group: ProcessGroup): number[] | undefined {
  const pids = listProcesses();
  if (pids === undefined) return undefined;
  const needle = group.marker === undefined ? undefined : markerEntry(group.marker);
  const inGroup = !isReused(group);
  return pids.filter(
    (pid) => (inGroup && processGroupOf(pid) === group.pgid) || (needle !== undefined && carries(pid, needle)),
  );
}

/**
 * The pids whose environment carries `marker` (Linux: /proc/<pid>/environ, readable for our own
 * processes). Elsewhere there is no cheap way to read another process's environment, and the
 * process group alone has to do.
 */
function markedProcesses(marker: string): number[] {
  const needle = markerEntry(marker);
  return (listProcesses() ?? []).filter((pid) => carries(pid, needle));
}

const markerEntry = (marker: string) => `${RUN_MARKER_ENV}=${marker}`;

/** Every pid /proc lists but this process's own; undefined where /proc cannot be read (not Linux). */
function listProcesses(): number[] | undefined {
  try {
    return readdirSync('/proc')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  } catch {
    return undefined;
  }
}

/** Whether the process's environment holds `entry` (NAME=value). */
function carries(pid: number, entry: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
  } catch {
    return false; // another user's process, or gone
  }
}

/** SIGTERM, then SIGKILL to whatever is left after the grace period. */
export async function terminateGroup(group: ProcessGroup): Promise<void> {
  signalGroup(group, 'SIGTERM');
  const deadline = performance.now() + KILL_GRACE_MS;
  while (performance.now() < deadline) {
    if (!groupHasMembers(group)) return;
    await sleep(20);
  }
  signalGroup(group, 'SIGKILL');
}

// Field 22 of /proc/<pid>/stat is the start time in clock ticks since boot.
function readStartTime(pid: number): string | undefined {
  return statField(pid, 22);
}

/** Field `n` (counted from 1, as proc(5) does) of /proc/<pid>/stat; undefined when it cannot be read. */
function statField(pid: number, n: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses, so count from the last ')': field 3 on.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[n - 3];
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
