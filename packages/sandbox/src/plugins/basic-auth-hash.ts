import { createHash } from 'node:crypto';

/** kong/plugins/basic-auth/crypto.lua: sha1 of the password followed by the consumer id, in hex. */
export function basicAuthHash(password: string, consumerId: string): string {
  return createHash('sha1')
    .update(password + consumerId)
    .digest('hex');
}
