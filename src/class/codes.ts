import { createHash, randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from a projector survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 20 symbols, 100 random bits, in groups of four: long enough to guess never, short enough to read aloud. */
export function newJoinCode(): string {
  const bytes = randomBytes(20);
  const symbols = [...bytes].map((byte) => ALPHABET[byte % 32]).join('');
  return symbols.match(/.{4}/g)?.join('-') ?? symbols;
}

/** 256 random bits for the instructor; learner keys are the same size. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A short random id for learners and events (not a secret: it only names things). */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** As people type it: any case, any dashes or spaces, O for 0 and I or L for 1. */
export function normalizeJoinCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** The server keeps only a hash of each learner's key: the event log holds nothing that lets one act as a learner. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
