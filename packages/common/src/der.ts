// Just enough ASN.1 DER to write one X.509 certificate (RFC 5280): Node can parse and verify
// certificates but has no API to make one, and the kube lab and the sandbox proxy each need a self-signed one.

/** A DER element: tag, length, content. */
function element(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const sequence = (...parts: Buffer[]): Buffer => element(0x30, Buffer.concat(parts));
export const set = (...parts: Buffer[]): Buffer => element(0x31, Buffer.concat(parts));
export const octetString = (content: Buffer): Buffer => element(0x04, content);
export const bitString = (content: Buffer): Buffer => element(0x03, Buffer.concat([Buffer.from([0]), content]));
export const utf8String = (text: string): Buffer => element(0x0c, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Buffer => element(0x01, Buffer.from([value ? 0xff : 0]));
/** `[n] EXPLICIT`: a context-specific constructed wrapper. */
export const explicit = (n: number, content: Buffer): Buffer => element(0xa0 + n, content);
/** `[n] IMPLICIT` primitive (subjectAltName's dNSName is [2], iPAddress [7]). */
export const implicit = (n: number, content: Buffer): Buffer => element(0x80 + n, content);

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
export function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
  const trimmed = bytes.subarray(start);
  return element(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return element(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? element(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : element(0x18, Buffer.from(`${iso}Z`));
}
