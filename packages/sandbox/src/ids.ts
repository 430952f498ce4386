// node:crypto is taken on first use, not at import: the short `sandbox` commands import this module
// (through the token file) and seldom make an id, and loading crypto would cost each of them ~2 ms.
const crypto = () => process.getBuiltinModule('node:crypto');

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A random (v4) UUID, for entities created through the Admin API. */
export function newId(): string {
  return crypto().randomUUID();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** RFC 4122 name-based UUID (SHA-1, version 5), as Kong uses for declarative entities. */
export function uuidV5(namespace: string, name: string): string {
  const hash = crypto()
    .createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Kong's namespace for deterministic declarative ids (kong/db/schema/others/declarative_config.lua).
const DECLARATIVE_ROOT = 'fd02801f-0957-4a15-a55a-c8d9606f30b5';
const namespaces = new Map<string, string>();

/** The id Kong DB-less gives an entity of `entityType` whose identifying key is `key`. */
export function declarativeId(entityType: string, key: string): string {
  let namespace = namespaces.get(entityType);
  if (!namespace) {
    namespace = uuidV5(DECLARATIVE_ROOT, entityType);
    namespaces.set(entityType, namespace);
  }
  return uuidV5(namespace, key);
}

// Request ids are on the hot path: one randomFillSync per 256 ids instead of one per request.
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolOffset = pool.length;

/** A 32-character lowercase hex request id, like nginx's $request_id. */
export function newRequestId(): string {
  if (poolOffset >= pool.length) {
    crypto().randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, poolOffset + 16);
  poolOffset += 16;
  return id;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits (rejection sampling keeps every character equally likely). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  const bytes = Buffer.alloc(length * 2);
  while (out.length < length) {
    crypto().randomFillSync(bytes);
    for (const byte of bytes) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/**
 * kong/tools/rand.lua random_string: 24 random bytes in base64 (32 characters), with `/` and `+`
 * replaced by random letters. Kong's auto-generated jwt keys and secrets, oauth2 client ids, secrets and tokens.
 */
export function randomString(): string {
  const { randomBytes, randomInt } = crypto();
  return randomBytes(24)
    .toString('base64')
    .replace(/[/+]/g, (c) => String.fromCharCode(c === '/' ? randomInt(65, 91) : randomInt(97, 123)));
}
