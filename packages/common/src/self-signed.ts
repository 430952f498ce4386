import { readFileSync } from 'node:fs';
import { writeFileAtomicallySync } from './atomic.js';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

// node:crypto is taken on first use: the short CLI commands import this package's index and never need it.
const crypto = () => process.getBuiltinModule('node:crypto');

/** A PEM key and certificate pair. */
export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * Reads a self-signed identity from two files, or makes one (EC P-256, ten years, for 127.0.0.1
 * and localhost) when they are missing, unreadable, mismatched or about to expire. It outlives
 * restarts, so clients that pinned it keep working.
 */
export function ensureSelfSignedTls(
  keyPath: string,
  certPath: string,
  commonName: string,
  now: Date = new Date(),
): TlsIdentity {
  try {
    const existing = { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
    const certificate = new (crypto().X509Certificate)(existing.cert);
    if (
      new Date(certificate.validTo).getTime() > now.getTime() + 24 * 3600 * 1000 &&
      certificate.checkPrivateKey(crypto().createPrivateKey(existing.key))
    )
      return existing;
  } catch {
    // missing or unreadable: make new ones
  }
  const made = makeSelfSignedCertificate(commonName, now);
  writeFileAtomicallySync(keyPath, made.key, { mode: 0o600 });
  writeFileAtomicallySync(certPath, made.cert, { mode: 0o644 });
  return made;
}

/** A self-signed CA-and-server certificate with SANs localhost and 127.0.0.1. */
export function makeSelfSignedCertificate(commonName: string, now: Date = new Date()): TlsIdentity {
  const { privateKey, publicKey } = crypto().generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = crypto().randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_WITH_SHA256,
    name,
    sequence(time(new Date(now.getTime() - 3600 * 1000)), time(new Date(now.getTime() + TEN_YEARS_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions())),
  );
  const signature = crypto().sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
  };
}

function extensions(): Buffer[] {
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
  return [
    // CA:TRUE lets clients trust the certificate itself as the root (it is its own issuer).
    extension('2.5.29.19', true, sequence(boolean(true))),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, 2 unused bits.
    extension('2.5.29.15', true, Buffer.from([0x03, 0x02, 0x02, 0x84])),
    extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))),
    extension(
      '2.5.29.17',
      false,
      sequence(implicit(2, Buffer.from('localhost')), implicit(7, Buffer.from([127, 0, 0, 1]))),
    ),
  ];
}
