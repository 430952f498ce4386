import {
  readdirSync,
  statSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { errorCode, errorMessage } from './faults.js';

/**
 * Writes through a temporary file, fsync and rename, so a crash, kill -9 or Ctrl-C leaves
 * either the old file or the new one, never half of each.
 */
export async function writeFileAtomically(path: string, data: string, options: { mode?: number } = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // write-file-atomic orders concurrent writes to one file and removes its temporary file when a
  // signal ends the process. It is loaded on first use: with signal-exit and worker_threads it
  // costs every process that imports this module (each short CLI command) several milliseconds.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(path, data, { mode: options.mode ?? 0o600, fsync: true });
}

/**
 * The same guarantee, synchronously, with node:fs alone: write a temporary file beside the target,
 * fsync, rename. A synchronous write cannot interleave with another one in this process, so it
 * needs none of write-file-atomic's queueing; the mode is set on the descriptor, past the umask.
 */
let temporaryCount = 0;

export function writeFileAtomicallySync(path: string, data: string, options: { mode?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Unique without node:crypto (which would cost every short command its load): no other live
  // process has this pid, and the counter and clock tell this one's writes apart; 'wx' refuses a clash.
  const temporary = `${path}.${process.pid}-${Date.now().toString(36)}-${++temporaryCount}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', options.mode ?? 0o600);
    try {
      fchmodSync(fd, options.mode ?? 0o600);
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export type JsonReadResult<T> =
  | { readonly status: 'missing' }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'corrupt'; readonly error: string };

/** Reads a JSON state file without throwing: a missing or corrupt file is an expected outcome. */
export function readJsonFile<T = unknown>(path: string): JsonReadResult<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', error: errorMessage(error) };
  }
  try {
    return { status: 'ok', value: JSON.parse(text) as T };
  } catch (error) {
    return { status: 'corrupt', error: errorMessage(error) };
  }
}

/** Moves a corrupt state file aside (kept for the user, never deleted) and returns its new path. */
export function setAsideCorruptFile(path: string, now: Date = new Date()): string {
  const backup = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  return backup;
}

/**
 * The temporary files atomic writes leave when a run is killed mid-save: write-file-atomic's
 * `<file>.<number>` and writeFileAtomicallySync's `<file>.<pid>-<time>-<n>.tmp`.
 */
const TEMPORARY_NAME = /^.+\.(?:json|yaml|journal|token)?\.?(?:\d+|\d+-[0-9a-z]+-\d+\.tmp)$/;

/**
 * Removes the temporary files killed runs left in `dir` (not its subfolders). Only files older
 * than `minAgeMs` go: a save in progress elsewhere finishes in milliseconds. Returns what it removed.
 */
export function sweepTemporaryFiles(dir: string, options: { minAgeMs?: number; now?: number } = {}): string[] {
  const minAge = options.minAgeMs ?? 60_000;
  const now = options.now ?? Date.now();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!TEMPORARY_NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      const stat = statSync(path);
      if (!stat.isFile() || now - stat.mtimeMs < minAge) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}
