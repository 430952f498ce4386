import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { errorMessage, isRecord, readJsonFile, setAsideCorruptFile, writeFileAtomically } from '@kong-workshop/common';
import { ENTITY_TYPES, type EntityType } from './schema/entities.js';
import type { Entity } from './schema/validate.js';
import { emptySnapshot, type StoreChange } from './store/store.js';
import { journalFilePath, stateFilePath } from './state-path.js';

/** The entity types of the first saved-state format; later ones may be absent from a saved file. */
const ORIGINAL_TYPES = new Set<string>(['services', 'routes', 'consumers', 'plugins', 'keyauth_credentials']);
import type { Snapshot } from './store/store.js';

const FORMAT = 1;

interface SavedState {
  readonly format: number;
  readonly savedAt: string;
  readonly configHash: string;
  readonly entities: Snapshot;
  /** The last journal entry this file includes; later ones are replayed on load. */
  readonly seq?: number;
}

export type LoadedState =
  | { status: 'missing' }
  /** `configHash` is undefined when journal entries changed the saved configuration since. */
  | { status: 'ok'; entities: Snapshot; configHash: string | undefined; seq: number }
  | { status: 'corrupt'; movedTo: string; reason: string };

/** Reads the saved configuration; a corrupt file is moved aside (never deleted) and reported. */
export function loadSavedState(sandboxDir: string, target?: string): LoadedState {
  const read = readSavedState(sandboxDir, target);
  if (read.status !== 'corrupt') return read;
  return { status: 'corrupt', movedTo: setAsideCorruptFile(stateFilePath(sandboxDir, target)), reason: read.reason };
}

/** Reads the saved configuration and touches nothing: a corrupt file is only reported. */
export function readSavedState(
  sandboxDir: string,
  /** Whose configuration: undefined for the shared one (config.json), else a target's own (config.<target>.json). */
  target?: string,
): Exclude<LoadedState, { status: 'corrupt' }> | { status: 'corrupt'; reason: string } {
  const path = stateFilePath(sandboxDir, target);
  const read = readJsonFile<SavedState>(path);
  if (
    read.status === 'ok' &&
    read.value.format === FORMAT &&
    ENTITY_TYPES.every((t) => Array.isArray(read.value.entities?.[t]) || !ORIGINAL_TYPES.has(t))
  ) {
    // States saved before consumer groups and ACLs existed simply have none of them.
    const entities = { ...emptySnapshot(), ...read.value.entities };
    const seq = read.value.seq ?? 0;
    const replayed = replayJournal(sandboxDir, entities, seq, target);
    return {
      status: 'ok',
      entities: replayed.entities,
      configHash: replayed.applied > 0 ? undefined : read.value.configHash,
      seq: replayed.seq,
    };
  }
  if (read.status === 'missing') {
    const replayed = replayJournal(sandboxDir, emptySnapshot(), 0, target);
    if (replayed.applied > 0)
      return { status: 'ok', entities: replayed.entities, configHash: undefined, seq: replayed.seq };
  }
  if (read.status === 'missing') return read;
  return { status: 'corrupt', reason: read.status === 'corrupt' ? read.error : 'unknown format' };
}

/** One line of the journal: a change saved after the full file's `seq`. */
type JournalEntry =
  | { readonly seq: number; readonly op: 'put'; readonly type: EntityType; readonly entity: Entity }
  | { readonly seq: number; readonly op: 'delete'; readonly type: EntityType; readonly id: string };

/**
 * Applies the journal's entries after `seq` to `entities`. A torn last line (a kill mid-append)
 * and entries the full file already holds are skipped.
 */
function replayJournal(
  sandboxDir: string,
  entities: Snapshot,
  seq: number,
  target: string | undefined,
): { entities: Snapshot; applied: number; seq: number } {
  let text: string;
  try {
    text = readFileSync(journalFilePath(sandboxDir, target), 'utf8');
  } catch {
    return { entities, applied: 0, seq };
  }
  const tables = new Map(ENTITY_TYPES.map((t) => [t, new Map(entities[t].map((e) => [e.id, e]))]));
  let applied = 0;
  let last = seq;
  for (const line of text.split('\n')) {
    const entry = parseJournalLine(line);
    if (!entry || entry.seq <= last) continue;
    last = entry.seq;
    applied++;
    if (entry.op === 'put') tables.get(entry.type)?.set(entry.entity.id, entry.entity);
    else tables.get(entry.type)?.delete(entry.id);
  }
  const out = emptySnapshot();
  for (const type of ENTITY_TYPES) out[type] = [...(tables.get(type)?.values() ?? [])];
  return { entities: out, applied, seq: last };
}

function parseJournalLine(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.seq !== 'number') return undefined;
  const type = ENTITY_TYPES.find((t) => t === value.type);
  if (!type) return undefined;
  if (value.op === 'put' && isRecord(value.entity) && typeof value.entity.id === 'string')
    return { seq: value.seq, op: 'put', type, entity: value.entity as Entity };
  if (value.op === 'delete' && typeof value.id === 'string')
    return { seq: value.seq, op: 'delete', type, id: value.id };
  return undefined;
}

/** Whether everything changed so far reached the disk, and if not, why. */
export type SaveOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Saves a JSON document after every change, atomically (temp file, fsync, rename) so a
 * kill -9 mid-save leaves the previous or the new file, never half of one. Saves never overlap:
 * changes during a save are written by one more save right after it.
 */
export class JsonSaver {
  private saving: Promise<void> | undefined;
  private dirty = false;
  private failure: string | undefined;

  constructor(
    private readonly path: string,
    private readonly read: () => unknown,
    private readonly log: (line: string) => void,
    private readonly what = 'the sandbox configuration',
  ) {}

  schedule(): void {
    this.dirty = true;
    this.saving ??= this.loop();
  }

  /** Resolves once everything changed so far is on disk, or its save failed. */
  async flush(): Promise<SaveOutcome> {
    while (this.saving) await this.saving;
    return this.failure === undefined ? { ok: true } : { ok: false, error: this.failure };
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeFileAtomically(this.path, `${JSON.stringify(this.read())}\n`);
          this.failure = undefined;
        } catch (error) {
          this.failure = errorMessage(error);
          this.log(`could not save ${this.what}: ${this.failure}`);
        }
      }
    } finally {
      this.saving = undefined;
    }
  }
}

/**
 * Saves the gateway configuration incrementally: each change is appended to a journal (one fsync
 * per batch of changes), and the full file is rewritten only when everything was replaced or the
 * journal has grown as long as the configuration, so a write costs the same at 10 entities as at
 * 10,000. After a failed write the next save is a full one, so nothing is left out.
 */
export class StateSaver {
  private saving: Promise<void> | undefined;
  private pending: string[] = [];
  private full = false;
  private journalLength = 0;
  private failure: string | undefined;
  private quiet = false;
  /** Whose files are written: undefined for config.json, else config.<target>.json. */
  private target: string | undefined;

  constructor(
    private readonly dir: string,
    private readonly read: () => { entities: Snapshot; configHash: string },
    /** How many entities there are: the journal is folded into the full file once it is as long. */
    private readonly count: () => number,
    private readonly log: (line: string) => void,
    private seq = 0,
    /** Called after a failed save, to put the last saved state back in memory (see rollBack). */
    private readonly failed: () => void = () => {},
  ) {}

  /** From now on, saves into `target`'s files, whose journal has reached `seq` (call after a flush). */
  retarget(target: string | undefined, seq: number): void {
    this.target = target;
    this.seq = seq;
    this.full = false;
    this.pending = [];
    this.journalLength = 0;
  }

  /** Runs `change` without saving what it changes: putting back what the disk already holds. */
  unsaved(change: () => void): void {
    this.quiet = true;
    try {
      change();
    } finally {
      this.quiet = false;
    }
  }

  record(change: StoreChange): void {
    if (this.quiet) return;
    if (change.kind === 'replace') {
      this.full = true;
      this.pending = [];
    } else if (!this.full) {
      const seq = ++this.seq;
      this.pending.push(
        JSON.stringify(
          change.kind === 'put'
            ? { seq, op: 'put', type: change.type, entity: change.entity }
            : { seq, op: 'delete', type: change.type, id: change.id },
        ),
      );
    }
    this.saving ??= this.loop();
  }

  /** Resolves once everything changed so far is on disk, or its save failed. */
  async flush(): Promise<SaveOutcome> {
    while (this.saving) await this.saving;
    return this.failure === undefined ? { ok: true } : { ok: false, error: this.failure };
  }

  private async loop(): Promise<void> {
    try {
      // One turn of the event loop first: changes made together (a cascade, a burst) share one write.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.full || this.pending.length > 0) {
        try {
          if (this.full || this.journalLength > Math.max(1000, this.count())) await this.saveFull();
          else this.append(this.pending.splice(0));
          this.failure = undefined;
        } catch (error) {
          this.failure = errorMessage(error);
          this.pending = [];
          this.log(`could not save the sandbox configuration: ${this.failure}; it keeps the last saved one`);
          // Memory goes back to what the disk holds: the writes waiting on this save are answered 500, and
          // a change that was refused must not come back with the next save. The next save is a full one.
          this.full = false;
          this.failed();
          this.full = true;
          break;
        }
      }
    } finally {
      this.saving = undefined;
    }
  }

  private async saveFull(): Promise<void> {
    this.full = false;
    this.pending = [];
    const seq = ++this.seq;
    const { entities, configHash } = this.read();
    const state: SavedState = { format: FORMAT, savedAt: new Date().toISOString(), configHash, entities, seq };
    await writeFileAtomically(stateFilePath(this.dir, this.target), `${JSON.stringify(state)}\n`);
    // The full file holds every entry so far (its seq says so), so the journal can go.
    rmSync(journalFilePath(this.dir, this.target), { force: true });
    this.journalLength = 0;
  }

  private append(lines: string[]): void {
    const fd = openSync(journalFilePath(this.dir, this.target), 'a', 0o600);
    try {
      writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.journalLength += lines.length;
  }
}

/** The saver of the gateway configuration; `seq` is where the loaded state left off. */
export function stateSaver(
  sandboxDir: string,
  read: () => { entities: Snapshot; configHash: string },
  count: () => number,
  log: (line: string) => void,
  seq = 0,
  failed?: () => void,
): StateSaver {
  return new StateSaver(sandboxDir, read, count, log, seq, failed);
}
