import type { Redactor } from '../secrets/index.js';

export type VariableOrigin = 'builtin' | 'target' | 'flag' | 'lesson' | 'prompt' | 'capture';

interface Entry {
  readonly value: string;
  readonly secret: boolean;
  readonly origin: VariableOrigin;
}

/**
 * The run's variables: what {{NAME}} resolves to and what the shell gets exported. Every
 * secret is registered with the redactor the moment it is known, before any event can carry it.
 */
export class VariableStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly redactor: Redactor) {}

  set(name: string, value: string, options: { secret?: boolean; origin: VariableOrigin }): void {
    const secret = options.secret ?? this.entries.get(name)?.secret ?? false;
    if (secret) this.redactor.add(value);
    this.entries.set(name, { value, secret, origin: options.origin });
  }

  get(name: string): string | undefined {
    return this.entries.get(name)?.value;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  isSecret(name: string): boolean {
    return this.entries.get(name)?.secret ?? false;
  }

  /** For interpolation: `(name) => value | undefined`. */
  readonly lookup = (name: string): string | undefined => this.get(name);

  /** Values that may be written to disk (progress files): never secrets, never target values. */
  savable(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, entry] of this.entries) {
      if (!entry.secret && (entry.origin === 'prompt' || entry.origin === 'capture' || entry.origin === 'lesson'))
        out[name] = entry.value;
    }
    return out;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, entry] of this.entries) yield [name, entry.value];
  }
}
