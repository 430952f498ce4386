import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/demo/index.js';
import { MASK, Redactor } from '../../src/secrets/index.js';

const CANARY = 'kpat_CanaryT0ken+With/Odd=Chars-4f9a';

function redactor(...secrets: string[]): Redactor {
  const r = new Redactor();
  for (const s of secrets) r.add(s);
  return r;
}

describe('Redactor: every form a secret takes in output', () => {
  const r = redactor(CANARY);
  const forms: Array<[string, string]> = [
    ['as it is', `token=${CANARY};`],
    ['URL-encoded', `GET /echo?apikey=${encodeURIComponent(CANARY)} HTTP/1.1`],
    ['form-encoded', `body: ${new URLSearchParams({ key: CANARY }).toString()}`],
    ['base64 (basic auth, any offset)', `Authorization: Basic ${Buffer.from(`alex:${CANARY}`).toString('base64')}`],
    ['base64 alone', Buffer.from(CANARY).toString('base64')],
    ['base64url', Buffer.from(`xy${CANARY}`).toString('base64url')],
    ['hex', Buffer.from(CANARY).toString('hex')],
    ['upper-case', `X-KEY: ${CANARY.toUpperCase()}`],
    ['lower-case', CANARY.toLowerCase()],
    ['split across lines', `${CANARY.slice(0, 15)}\n${CANARY.slice(15)}`],
    ['split with CRLF', `${CANARY.slice(0, 20)}\r\n${CANARY.slice(20)}`],
    ['a fragment in an echoed body', `{"headers":{"apikey":"${CANARY.slice(6, 19)}"}}`],
  ];
  it.each(forms)('masks it %s', (_name, text) => {
    const out = r.redact(text);
    expect(out).toContain(MASK);
    for (let i = 0; i + 8 <= CANARY.length; i++)
      expect(out.toLowerCase()).not.toContain(CANARY.slice(i, i + 8).toLowerCase());
  });

  it('masks a fragment cut over several short lines, and one right beside escape sequences', () => {
    const cut = `${CANARY.slice(0, 3)}\n${CANARY.slice(3, 5)}\r\n${CANARY.slice(5, 9)}\n${CANARY.slice(9)}`;
    expect(r.redact(cut)).not.toMatch(/Canary|T0ken/i);
    const painted = `\u001b[1m${CANARY.slice(4, 14)}\u001b[0m│`;
    expect(r.redact(painted)).toBe(`\u001b[1m${MASK}\u001b[0m│`);
  });

  it('folds the case of letters beyond ASCII too', () => {
    const accented = redactor('clé-secrète-à-garder');
    expect(accented.redact('SECRET: CLÉ-SECRÈTE-À-GARDER')).toBe(`SECRET: ${MASK}`);
  });

  it('masks every fragment wherever it sits among escape sequences, spaces and line breaks', () => {
    // Seeded, so a failure replays: random terminal-like text with slices of the secret planted in it,
    // some cut by line breaks, some upper-cased, at every offset from the characters around them.
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const noise = [' ', '\u001b[1m', '\u001b[38;5;12m', '│', '─', ';', '\n', '\r\n', 'ab', 'x7', 'Token', '"', 'é'];
    const fragments = (text: string) => {
      const joined = text.replace(/[\r\n]/g, '').toLowerCase();
      const found: string[] = [];
      for (let i = 0; i + 8 <= CANARY.length; i++)
        if (joined.includes(CANARY.slice(i, i + 8).toLowerCase())) found.push(CANARY.slice(i, i + 8));
      return found;
    };
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let part = 0; part < 12; part++) {
        if (random() < 0.7) {
          text += pick(noise);
          continue;
        }
        const start = Math.floor(random() * (CANARY.length - 8));
        let slice = CANARY.slice(start, start + 8 + Math.floor(random() * (CANARY.length - start - 7)));
        if (random() < 0.3) slice = slice.toUpperCase();
        const cut = Math.floor(random() * slice.length);
        text += random() < 0.4 ? `${slice.slice(0, cut)}${pick(['\n', '\r\n'])}${slice.slice(cut)}` : slice;
      }
      expect({ text, left: fragments(r.redact(text)) }).toEqual({ text, left: [] });
    }
  });

  it('leaves ordinary output alone', () => {
    const text = 'HTTP/1.1 200 OK\nX-RateLimit-Remaining-Minute: 4\n{"message":"No API key found in request"}';
    expect(r.redact(text)).toBe(text);
  });

  it('masks short secrets only whole, and keeps the text around them', () => {
    const short = redactor('abc123');
    expect(short.redact('key abc123 and ABC123 but not abc12')).toBe(`key ${MASK} and ${MASK} but not abc12`);
  });

  it('masks deep in data, keys included', () => {
    expect(r.redactDeep({ [CANARY]: [{ v: `x${CANARY}x` }], n: 1 })).toEqual({ [MASK]: [{ v: `x${MASK}x` }], n: 1 });
  });

  it('merges overlapping fragments into one mask', () => {
    expect(r.redact(`<${CANARY}>`)).toBe(`<${MASK}>`);
  });

  it('masks a secret at the end of megabytes of output', () => {
    const big = 'x'.repeat(2_000_000) + CANARY;
    const out = r.redact(big);
    expect(out.endsWith(MASK)).toBe(true);
  });
});
