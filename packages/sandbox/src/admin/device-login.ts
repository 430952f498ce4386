import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { sameSecret } from '@kong-workshop/common';
import { readAdminBody, sendJson, type AdminReply } from './http.js';

// kongctl's browser login (an OAuth 2.0 device authorization grant, RFC 8628), imitated by the
// sandbox: the CLI asks for a device code, the learner approves the one-time user code on a small
// page the Admin API serves, and the CLI's polling turns the approval into an access and refresh
// token pair. Konnect's endpoints are /v3/internal/oauth/device/{authorize,token}; these are
// /_sandbox/oauth/device/{authorize,token} and /_sandbox/device-activate.

/** How long a device code lives: Konnect's 900 s (kongctl prints "Code expires in 900 seconds"). */
const DEVICE_CODE_TTL_S = 900;
/** Seconds between polls the CLI is told to keep (Konnect says 5; a local sandbox can answer faster). */
const POLL_INTERVAL_S = 1;
/** How long a poll of a code still pending is held open (well within the CLI's 30 s request timeout). */
const HOLD_POLL_MS = 5_000;
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 30 * 24 * 3600;
/** No 0/O, 1/I/L: user codes are read off a terminal and typed (RFC 8628 §6.1). */
const USER_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXZ23456789';

interface Pending {
  readonly userCode: string;
  readonly expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
}

/** Device codes waiting for approval, and the tokens they turn into (JWTs signed with a key only the sandbox has). */
export class DeviceLogins {
  private readonly pending = new Map<string, Pending>();
  // Polls held open until their code is decided (see decided()).
  private readonly waiting = new Map<Pending, Set<() => void>>();
  private readonly signingKey: Buffer;

  constructor(
    secret: string,
    private readonly organizationId: string,
    private readonly now: () => number = Date.now,
  ) {
    // Derived from the sandbox's own token, so issued logins survive a restart and die with a new token.
    this.signingKey = createHmac('sha256', secret).update('kong-workshop sandbox device login').digest();
  }

  /** POST …/device/authorize: a fresh device code and the user code to approve it with. */
  authorize(baseUrl: string): Record<string, unknown> {
    this.sweep();
    const deviceCode = randomBytes(32).toString('base64url');
    const pick = () => Array.from({ length: 4 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]);
    const userCode = `${pick().join('')}-${pick().join('')}`;
    this.pending.set(deviceCode, { userCode, expiresAt: this.now() + DEVICE_CODE_TTL_S * 1000, state: 'pending' });
    const verificationUri = `${baseUrl}/_sandbox/device-activate`;
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?code=${userCode}`,
      expires_in: DEVICE_CODE_TTL_S,
      interval: POLL_INTERVAL_S,
    };
  }

  /** POST …/device/token: RFC 8628 §3.5's answers; the token pair once, after approval. */
  token(deviceCode: unknown): { status: number; body: Record<string, unknown> } {
    const entry = typeof deviceCode === 'string' ? this.pending.get(deviceCode) : undefined;
    const error = (code: string, description: string) => ({
      status: 400,
      body: { error: code, error_description: description },
    });
    if (!entry || entry.state === 'used') return error('invalid_grant', 'unknown or already used device code');
    if (this.now() >= entry.expiresAt) return error('expired_token', 'the device code has expired');
    if (entry.state === 'denied') return error('access_denied', 'the login was denied in the browser');
    if (entry.state === 'pending') return error('authorization_pending', 'waiting for the code to be approved');
    entry.state = 'used';
    return { status: 200, body: this.pair() };
  }

  /**
   * Resolves once the device code is approved or denied, or after `maxMs`. The token endpoint
   * holds a poll this long, so an approval answers the poll at once instead of at the next one: a
   * local sandbox can afford the open request, and the CLI sees the usual RFC 8628 answers.
   */
  decided(deviceCode: unknown, maxMs: number): Promise<void> {
    const entry = typeof deviceCode === 'string' ? this.pending.get(deviceCode) : undefined;
    if (entry?.state !== 'pending') return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.waiting.get(entry) ?? new Set<() => void>();
      this.waiting.set(entry, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiting.delete(entry);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(maxMs, entry.expiresAt - this.now())));
      waiters.add(done);
    });
  }

  /** POST …/oauth/refresh: a new pair for a valid refresh token. */
  refresh(refreshToken: unknown): { status: number; body: Record<string, unknown> } {
    if (typeof refreshToken !== 'string' || this.verify(refreshToken, 'refresh') === undefined)
      return { status: 401, body: { error: 'invalid_grant', error_description: 'invalid or expired refresh token' } };
    return { status: 200, body: this.pair() };
  }

  /** What the approval page (or `sandbox approve`) did with a user code; approving twice is no error. */
  decide(userCode: string, approve: boolean): 'approved' | 'denied' | 'already approved' | 'unknown' {
    const wanted = userCode.trim().toUpperCase();
    for (const entry of this.pending.values()) {
      if (entry.userCode !== wanted || this.now() >= entry.expiresAt) continue;
      if (approve && (entry.state === 'approved' || entry.state === 'used')) return 'already approved';
      if (entry.state !== 'pending') continue;
      entry.state = approve ? 'approved' : 'denied';
      for (const wake of [...(this.waiting.get(entry) ?? [])]) wake();
      return entry.state;
    }
    return 'unknown';
  }

  /** True for an unexpired access token this sandbox issued: the Admin API accepts it like the kpat token. */
  isAccessToken(token: string): boolean {
    return this.verify(token, 'access') !== undefined;
  }

  private pair(): Record<string, unknown> {
    return {
      access_token: this.sign('access', ACCESS_TTL_S),
      refresh_token: this.sign('refresh', REFRESH_TTL_S),
      token_type: 'Bearer',
      expires_in: ACCESS_TTL_S,
      scope: 'sandbox',
    };
  }

  private sign(typ: 'access' | 'refresh', ttl: number): string {
    const iat = Math.floor(this.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const data = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
      iss: 'kong-workshop sandbox',
      sub: 'learner',
      oid: this.organizationId,
      typ,
      iat,
      exp: iat + ttl,
      jti: randomBytes(12).toString('base64url'),
    })}`;
    return `${data}.${createHmac('sha256', this.signingKey).update(data).digest('base64url')}`;
  }

  private verify(token: string, typ: 'access' | 'refresh'): Record<string, unknown> | undefined {
    const [header, claims, signature] = token.split('.');
    if (!header || !claims || !signature) return undefined;
    // Compare the text, not decoded bytes: base64url decoding skips stray characters and ignores the spare low
    // bits of the last one, so a token with its final letter changed could decode to the same signature.
    const expected = createHmac('sha256', this.signingKey).update(`${header}.${claims}`).digest('base64url');
    if (!sameSecret(signature, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = Object.fromEntries(Object.entries(parsed));
    const exp = record.exp;
    if (record.typ !== typ || typeof exp !== 'number' || exp * 1000 <= this.now()) return undefined;
    return record;
  }

  private sweep(): void {
    const now = this.now();
    for (const [code, entry] of this.pending) if (now >= entry.expiresAt + 60_000) this.pending.delete(code);
  }
}

/** The device-login routes: public (no token), but only from this machine's own pages and programs. */
export const DEVICE_LOGIN_ROUTES = new Set([
  'POST /oauth/device/authorize',
  'POST /oauth/device/token',
  'POST /oauth/refresh',
  'GET /device-activate',
  'POST /device-activate',
]);

/**
 * Refuses what a web page elsewhere could send: a Host that is not loopback (DNS rebinding), or an
 * Origin other than the Admin API's own (a cross-site form or fetch). The CLI sends no Origin.
 */
function crossSite(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host)) return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== `http://${host}`;
}

export async function handleDeviceLogin(
  logins: DeviceLogins,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
  reply: AdminReply,
): Promise<void> {
  if (crossSite(req)) {
    req.resume();
    return sendHtml(
      res,
      403,
      page('Refused', '<p>The sandbox login only answers pages and programs on this machine.</p>'),
    );
  }
  if (route === 'GET /device-activate') return sendHtml(res, 200, activationPage(url.searchParams.get('code') ?? ''));
  const body = await readAdminBody(req);
  const values = body.kind === 'ok' ? body.values : {};
  const host = req.headers.host ?? '127.0.0.1';
  switch (route) {
    case 'POST /oauth/device/authorize':
      return sendJson(res, 200, logins.authorize(`http://${host}`), reply);
    case 'POST /oauth/device/token': {
      await logins.decided(values.device_code, HOLD_POLL_MS);
      const answer = logins.token(values.device_code);
      return sendJson(res, answer.status, answer.body, reply, { 'Cache-Control': 'no-store' });
    }
    case 'POST /oauth/refresh': {
      const answer = logins.refresh(values.refresh_token);
      return sendJson(res, answer.status, answer.body, reply, { 'Cache-Control': 'no-store' });
    }
    default: {
      const code = typeof values.user_code === 'string' ? values.user_code : '';
      const outcome = logins.decide(code, values.action !== 'deny');
      if (outcome === 'unknown')
        return sendHtml(
          res,
          400,
          page('Unknown code', `<p>No login is waiting for <code>${escapeHtml(code)}</code>, or it expired.</p>`),
        );
      return sendHtml(
        res,
        200,
        outcome !== 'denied'
          ? page('Device approved', '<p>Your terminal is logged in to the sandbox. You can close this page.</p>')
          : page('Login denied', '<p>The terminal that asked is not logged in.</p>'),
      );
    }
  }
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, content: string): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title} · kong-workshop sandbox</title>` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}' +
    'input{font:1.4rem monospace;letter-spacing:.2rem;width:12rem}button{font-size:1rem;margin:.5rem .5rem 0 0}' +
    '</style></head>\n' +
    `<body><h1>${title}</h1>${content}<p><small>kong-workshop sandbox, imitating Konnect's device login ` +
    'for <code>kongctl login</code></small></p></body></html>\n'
  );
}

function activationPage(code: string): string {
  return page(
    'Log in the kong-workshop CLI',
    '<p>A terminal asked to log in to the sandbox. Check that the code matches the one it shows.</p>' +
      '<form method="post" action="/_sandbox/device-activate">' +
      `<p><label>One-time code <input name="user_code" value="${escapeHtml(code)}" autocomplete="off" ` +
      'required></label></p>' +
      '<button name="action" value="approve">Approve</button><button name="action" value="deny">Deny</button>' +
      '</form>',
  );
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // The page must not be framed by another site (clickjacking the Approve button).
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(html);
}

/**
 * `POST /_sandbox/device-approvals {"user_code": "…"}`, behind the Admin API token: approves a
 * waiting login from the terminal, for a machine whose browser cannot reach 127.0.0.1 (SSH, a
 * container) and for lessons that run unattended. The token stands in for Konnect's logged-in
 * browser session.
 */
export async function approveDevice(
  logins: DeviceLogins,
  req: IncomingMessage,
  res: ServerResponse,
  reply: AdminReply,
): Promise<void> {
  const body = await readAdminBody(req);
  const code = body.kind === 'ok' && typeof body.values.user_code === 'string' ? body.values.user_code : '';
  const outcome = logins.decide(code, true);
  if (outcome === 'unknown') return sendJson(res, 404, { message: `no login is waiting for code '${code}'` }, reply);
  return sendJson(res, 200, { status: outcome }, reply);
}
