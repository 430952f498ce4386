import { describe, expect, it } from 'vitest';
import { sameSecret } from '../src/index.js';

describe('sameSecret', () => {
  it('is true only for the same text, whatever the lengths', () => {
    expect(sameSecret('kpat_abc', 'kpat_abc')).toBe(true);
    expect(sameSecret('kpat_abd', 'kpat_abc')).toBe(false);
    expect(sameSecret('kpat_ab', 'kpat_abc')).toBe(false);
    expect(sameSecret('', 'kpat_abc')).toBe(false);
    // Text, not decoded bytes: these two base64url signatures decode to the same bytes.
    expect(Buffer.from('QQ', 'base64url')).toEqual(Buffer.from('QR', 'base64url'));
    expect(sameSecret('QR', 'QQ')).toBe(false);
  });
});
