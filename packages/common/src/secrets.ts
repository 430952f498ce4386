import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret someone sent equals the one expected, in constant time: both are hashed first, so
 * neither how much of it matched nor how long the real one is shows in the response time.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
