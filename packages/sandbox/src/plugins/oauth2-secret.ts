// kong/plugins/oauth2/secret.lua at Kong 3.9.1 with only PBKDF2 enabled (its default build):
// `$pbkdf2-sha512$i=10000,l=32$<salt>$<hash>`, salt and hash in unpadded base64.

const crypto = () => process.getBuiltinModule('node:crypto');

const unpadded = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

function derive(secret: string, salt: Buffer, digest: string, iterations: number, length: number): string {
  const hash = crypto().pbkdf2Sync(secret, salt, iterations, length, digest);
  return `$pbkdf2-${digest}$i=${iterations},l=${length}$${unpadded(salt)}$${unpadded(hash)}`;
}

/** The stored form of a client secret when `hash_secret` is true. */
export function hashOauth2Secret(secret: string): string {
  return derive(secret, crypto().randomBytes(16), 'sha512', 10000, 32);
}

export const isHashedOauth2Secret = (value: unknown): boolean =>
  typeof value === 'string' && value.startsWith('$pbkdf2-');

/** secret.verify: derive again with the stored salt and parameters, compare the whole string. */
export function verifyOauth2Secret(secret: string, stored: string): boolean {
  const match = /^\$pbkdf2-(\w+)\$i=(\d+),l=(\d+)\$([^$]*)\$([^$]*)$/.exec(stored);
  if (!match) return false;
  const [, digest, iterations, length, salt] = match;
  try {
    return (
      derive(secret, Buffer.from(salt ?? '', 'base64'), digest ?? '', Number(iterations), Number(length)) === stored
    );
  } catch {
    return false;
  }
}
