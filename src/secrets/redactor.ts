export const MASK = '********';

/**
 * The shortest run of a secret's characters that is masked on its own: a fragment this long of a
 * `kpat_…` token or an API key is as good as a leak, and shorter ones would shred ordinary output.
 */
const FRAGMENT_LENGTH = 8;

/** Secrets shorter than this are not registered at all: masking "a" would shred all output. */
const MIN_SECRET_LENGTH = 3;

/**
 * Masks secret values (tokens, keys, anything a lesson or user marked secret) in text and in
 * nested data. The engine passes every event through one Redactor before it leaves, so the
 * TUI, demo recordings, reports and progress files only ever see the mask.
 *
 * A secret leaks in more shapes than its own: URL- and form-encoded in a query or body, base64 in a
 * basic-auth header, hex, upper-cased by a tool, cut by a line break in a narrow terminal, or in part
 * in an echoed body. So every form of every secret is masked, case-insensitively and across line
 * breaks, and so is any run of {@link FRAGMENT_LENGTH} or more of its characters.
 */
export class Redactor {
  private readonly values = new Set<string>();
  /** Whole forms of short secrets (under FRAGMENT_LENGTH), matched as they are. */
  private shortForms: RegExp | undefined;
  /** Rolling hashes of every FRAGMENT_LENGTH-long window of every form, case-folded. */
  private fragmentHashes = new Map<number, string[]>();
  /** One bit per low 16 bits of those hashes: most windows of ordinary text are ruled out without a map lookup. */
  private fragmentFilter = new Uint8Array(1 << 13);
  /**
   * 1 for every (folded) character some form of a secret contains: a fragment is made of these only,
   * so the runs of other characters (spaces, escape sequences, box drawing) need no hashing at all.
   */
  private alphabet = new Uint8Array(0x10000);
  private dirty = false;

  add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.dirty = true;
  }

  get size(): number {
    return this.values.size;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  redact(text: string): string {
    if (this.values.size === 0 || text.length === 0) return text;
    this.rebuild();
    const ranges = [...this.fragmentRanges(text), ...this.shortFormRanges(text)];
    return ranges.length === 0 ? text : maskRanges(text, ranges);
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

  private rebuild(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const short = new Set<string>();
    this.fragmentHashes = new Map();
    this.fragmentFilter = new Uint8Array(1 << 13);
    this.alphabet = new Uint8Array(0x10000);
    for (const value of this.values) {
      for (const form of formsOf(value)) {
        const lower = foldCaseOf(form);
        if (lower.length < FRAGMENT_LENGTH) {
          short.add(lower);
          continue;
        }
        for (let i = 0; i < lower.length; i++) this.alphabet[lower.charCodeAt(i)] = 1;
        for (let i = 0; i + FRAGMENT_LENGTH <= lower.length; i++) {
          const gram = lower.slice(i, i + FRAGMENT_LENGTH);
          const hash = hashOf(gram, 0, gram.length);
          const slot = (hash & 0xffff) >> 3;
          this.fragmentFilter[slot] = (this.fragmentFilter[slot] ?? 0) | (1 << (hash & 7));
          const bucket = this.fragmentHashes.get(hash);
          if (!bucket) this.fragmentHashes.set(hash, [gram]);
          else if (!bucket.includes(gram)) bucket.push(gram);
        }
      }
    }
    this.shortForms =
      short.size === 0
        ? undefined
        : new RegExp(
            [...short]
              .sort((a, b) => b.length - a.length)
              .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('|'),
            'gi',
          );
  }

  /**
   * Every window of the text (line breaks skipped, case folded) that equals a fragment of a
   * secret, as ranges of the original text. One pass with a rolling hash and no copy of the text:
   * output can be megabytes, and every recorded frame comes through here.
   */
  private fragmentRanges(text: string): Array<[number, number]> {
    if (this.fragmentHashes.size === 0) return [];
    const { alphabet, fragmentFilter: filter } = this;
    const ranges: Array<[number, number]> = [];
    // Where the window's characters are, and what they fold to: a ring of the last FRAGMENT_LENGTH
    // characters that are not line breaks, so a secret cut by a narrow terminal still reads whole.
    const positions = new Int32Array(FRAGMENT_LENGTH);
    const codes = new Int32Array(FRAGMENT_LENGTH);
    // How many characters of the alphabet in a row end here: a window needs FRAGMENT_LENGTH of them.
    let length = 0;
    let hash = 0;
    for (let i = 0; i < text.length; i++) {
      if (length === 0 && i + SLOT_MASK < text.length) {
        // No window is under way. One needs FRAGMENT_LENGTH characters of the alphabet in a row, so
        // when the character that far ahead is outside it (and not a line break), none starts before it.
        const ahead = text.charCodeAt(i + SLOT_MASK);
        if (ahead !== LF && ahead !== CR && alphabet[foldCase(ahead)] === 0) {
          i += SLOT_MASK;
          continue;
        }
      }
      const code = text.charCodeAt(i);
      if (code === LF || code === CR) continue;
      const folded = foldCase(code);
      if (alphabet[folded] === 0) {
        length = 0;
        continue;
      }
      const slot = length & SLOT_MASK;
      if (length === 0) hash = folded;
      else if (length < FRAGMENT_LENGTH) hash = (Math.imul(hash, BASE) + folded) | 0;
      else hash = roll(hash, codes[slot]!, folded);
      positions[slot] = i;
      codes[slot] = folded;
      length++;
      // Most windows are ruled out by the filter, without a map lookup.
      if (length < FRAGMENT_LENGTH || (filter[(hash & 0xffff) >> 3]! & (1 << (hash & 7))) === 0) continue;
      const bucket = this.fragmentHashes.get(hash);
      if (bucket?.includes(windowText(codes, length))) ranges.push([positions[length & SLOT_MASK]!, i + 1]);
    }
    return ranges;
  }

  private shortFormRanges(text: string): Array<[number, number]> {
    if (!this.shortForms) return [];
    return [...text.matchAll(this.shortForms)].map((m) => [m.index, m.index + m[0].length]);
  }
}

const LF = 10;
const CR = 13;
/** FRAGMENT_LENGTH is a power of two, so a ring slot is a mask away. */
const SLOT_MASK = FRAGMENT_LENGTH - 1;

// Case folding as the fragment match compares characters: one code unit for one, so folding never
// moves a position. ASCII from a table, anything wider by toLowerCase, remembered.
const ASCII_FOLD = Int32Array.from({ length: 128 }, (_, code) => (code >= 65 && code <= 90 ? code + 32 : code));
let wideFold: Uint16Array | undefined;

function foldCase(code: number): number {
  return code < 128 ? ASCII_FOLD[code]! : foldWide(code);
}

function foldWide(code: number): number {
  wideFold ??= new Uint16Array(0x10000);
  let folded = wideFold[code]!;
  if (folded === 0) {
    folded = String.fromCharCode(code).toLowerCase().charCodeAt(0);
    wideFold[code] = folded;
  }
  return folded;
}

/** A whole string case-folded as the match folds each character. */
function foldCaseOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldCase(text.charCodeAt(i)));
  return out;
}

/** The window's folded characters, oldest first (only on a filter hit, so rarely). */
function windowText(codes: Int32Array, run: number): string {
  let out = '';
  for (let k = 0; k < FRAGMENT_LENGTH; k++) out += String.fromCharCode(codes[(run + k) & SLOT_MASK]!);
  return out;
}

/** The shapes a secret takes on its way into output. */
function formsOf(value: string): Set<string> {
  const forms = new Set([value, encodeURIComponent(value), formEncode(value)]);
  const bytes = Buffer.from(value, 'utf8');
  forms.add(bytes.toString('hex'));
  for (const encoded of base64Forms(bytes)) {
    forms.add(encoded);
    forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it (spaces as +). */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/**
 * The part of a base64 encoding that depends only on the secret's bytes, for each of the three
 * offsets it can sit at inside a longer encoded string (`user:secret` in basic auth).
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const firstClean = offset === 0 ? 0 : 4; // the first group mixes in the padding bytes
    const total = offset + bytes.length;
    // the last group may mix what follows
    const lastClean = total % 3 === 0 ? encoded.length : Math.floor(total / 3) * 4;
    const clean = encoded.slice(firstClean, lastClean).replace(/=+$/, '');
    if (clean.length > 0) forms.push(clean);
  }
  return forms;
}

const BASE = 131;

function hashOf(text: string, from: number, length: number): number {
  let hash = 0;
  for (let i = from; i < from + length; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

// BASE^(FRAGMENT_LENGTH-1), wrapped to 32 bits like the hash itself.
const TOP = (() => {
  let power = 1;
  for (let i = 1; i < FRAGMENT_LENGTH; i++) power = Math.imul(power, BASE);
  return power;
})();

function roll(hash: number, outgoing: number, incoming: number): number {
  return (Math.imul(hash - Math.imul(outgoing, TOP), BASE) + incoming) | 0;
}

/** Replaces each maximal run of overlapping or touching ranges with one mask. */
function maskRanges(text: string, ranges: Array<[number, number]>): string {
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  let current: [number, number] | undefined;
  for (const range of ranges) {
    if (current && range[0] <= current[1]) {
      current[1] = Math.max(current[1], range[1]);
      continue;
    }
    if (current) {
      out += text.slice(cursor, current[0]) + MASK;
      cursor = current[1];
    }
    current = [range[0], range[1]];
  }
  if (current) {
    out += text.slice(cursor, current[0]) + MASK;
    cursor = current[1];
  }
  return out + text.slice(cursor);
}
