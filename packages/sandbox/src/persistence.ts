import { readJsonFile, setAsideCorruptFile, writeFileAtomically, errorMessage } from '@kong-workshop/common';
import { ENTITY_TYPES } from './schema/entities.js';
import { emptySnapshot } from './store/store.js';
import { stateFilePath } from './state-path.js';

/** The entity types of the first saved-state format; later ones may be absent from a saved file. */
const ORIGINAL_TYPES = new Set<string>(['services', 'routes', 'consumers', 'plugins', 'keyauth_credentials']);
import type { Snapshot } from './store/store.js';

const FORMAT = 1;

interface SavedState {
  readonly format: number;
  readonly savedAt: string;
  readonly configHash: string;
  readonly entities: Snapshot;
}

export type LoadedState =
  | { status: 'missing' }
  | { status: 'ok'; entities: Snapshot; configHash: string }
  | { status: 'corrupt'; movedTo: string; reason: string };

/** Reads the saved configuration; a corrupt file is moved aside (never deleted) and reported. */
export function loadSavedState(sandboxDir: string): LoadedState {
  const path = stateFilePath(sandboxDir);
  const read = readJsonFile<SavedState>(path);
  if (read.status === 'missing') return read;
  if (
    read.status === 'ok' &&
    read.value.format === FORMAT &&
    ENTITY_TYPES.every((t) => Array.isArray(read.value.entities?.[t]) || !ORIGINAL_TYPES.has(t))
  ) {
    // States saved before consumer groups and ACLs existed simply have none of them.
    const entities = { ...emptySnapshot(), ...read.value.entities };
    return { status: 'ok', entities, configHash: read.value.configHash };
  }
  const reason = read.status === 'corrupt' ? read.error : 'unknown format';
  return { status: 'corrupt', movedTo: setAsideCorruptFile(path), reason };
}

/**
 * Saves a JSON document after every change, atomically (temp file, fsync, rename) so a
 * kill -9 mid-save leaves the previous or the new file, never half of one. Saves never overlap:
 * changes during a save are written by one more save right after it.
 */
export class JsonSaver {
  private saving: Promise<void> | undefined;
  private dirty = false;

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

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeFileAtomically(this.path, `${JSON.stringify(this.read())}\n`);
        } catch (error) {
          this.log(`could not save ${this.what}: ${errorMessage(error)}`);
        }
      }
    } finally {
      this.saving = undefined;
    }
  }
}

/** Saves the gateway configuration (entities and the /config hash) after every change. */
export function stateSaver(
  sandboxDir: string,
  read: () => { entities: Snapshot; configHash: string },
  log: (line: string) => void,
): JsonSaver {
  return new JsonSaver(
    stateFilePath(sandboxDir),
    (): SavedState => {
      const { entities, configHash } = read();
      return { format: FORMAT, savedAt: new Date().toISOString(), configHash, entities };
    },
    log,
  );
}
