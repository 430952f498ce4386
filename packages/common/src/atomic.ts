import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { errorCode, errorMessage } from './faults.js';

/**
 * Writes through a temporary file, fsync and rename, so a crash, kill -9 or Ctrl-C leaves
 * either the old file or the new one, never half of each.
 */
export async function writeFileAtomically(path: string, data: string, options: { mode?: number } = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, data, { mode: options.mode ?? 0o600, fsync: true });
}

export function writeFileAtomicallySync(path: string, data: string, options: { mode?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic.sync(path, data, { mode: options.mode ?? 0o600, fsync: true });
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
