export const MASK = '********';

/**
 * Masks secret values (tokens, keys, anything a lesson or user marked secret) in text and in
 * nested data. The engine passes every event through one Redactor before it leaves, so the
 * TUI, demo recordings, reports and progress files only ever see the mask.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers a secret. Very short values are ignored: masking "a" would shred all output. */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 3 || this.values.has(value)) return;
    this.values.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.values.add(encoded);
    this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  redact(text: string): string {
    if (this.values.size === 0 || text.length === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  /** Returns a copy of `value` with every string leaf (and object key) redacted. */
  redactDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.redact(key)] = this.walk(item);
      return out;
    }
    return value;
  }
}
