/**
 * `kong-workshop sandbox login` and `logout`: kongctl's browser login (`kongctl login`), imitated
 * against the sandbox. The CLI asks for a device code, shows the verification URL and the one-time
 * code with its expiry, and polls while the learner approves the code on the sandbox's page; the
 * token pair it receives is stored (atomically, mode 0600) and never printed. Light imports only:
 * the quick path runs these.
 */
import { rmSync, statSync } from 'node:fs';
import {
  callAdmin,
  loginTokenPath,
  storedLoginFrom,
  findRunningSandbox,
  type StoredLogin,
} from '@kong-workshop/sandbox/control';
import { isRecord } from '../../shared/index.js';
import { adminCall, failOnAuth, requireRunning, type TokenFlags } from './sandbox-client.js';
import { writeFileAtomicallySync } from '../../state/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

const out = (text = '') => process.stdout.write(`${text}\n`);

interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresIn: number;
  readonly interval: number;
}

/** The authorize answer, checked as kongctl checks Konnect's (every field present, or the login stops). */
function deviceCodeFrom(body: unknown): DeviceCode | undefined {
  if (!isRecord(body)) return undefined;
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in, interval } = body;
  if (
    typeof device_code !== 'string' ||
    typeof user_code !== 'string' ||
    typeof verification_uri !== 'string' ||
    typeof verification_uri_complete !== 'string' ||
    typeof expires_in !== 'number' ||
    typeof interval !== 'number' ||
    expires_in <= 0 ||
    interval <= 0
  )
    return undefined;
  return {
    deviceCode: device_code,
    userCode: user_code,
    verificationUri: verification_uri,
    verificationUriComplete: verification_uri_complete,
    expiresIn: expires_in,
    interval,
  };
}

export interface LoginOptions {
  /** Milliseconds between the countdown's updates on a terminal (tests shorten nothing else). */
  readonly tickMs?: number;
}

export async function loginCommand(options: LoginOptions = {}): Promise<number> {
  const runtime = await findRunningSandbox();
  if (!runtime)
    throw new CliError(ExitCode.Fault, 'the sandbox is not running', 'start it with: kong-workshop sandbox start');
  const call = { adminUrl: runtime.adminUrl, token: undefined };
  const authorized = await callAdmin(call, 'POST', '/_sandbox/oauth/device/authorize', {
    client_id: 'kong-workshop',
  });
  const device = authorized.status === 200 ? deviceCodeFrom(authorized.body) : undefined;
  if (!device)
    throw new CliError(
      ExitCode.Fault,
      `failed to request device code: the sandbox answered ${authorized.status}`,
      'see kong-workshop sandbox logs',
    );
  // kongctl's plain instructions, word for word but for whom you log in to.
  out('Logging your CLI into the kong-workshop sandbox with the browser...\n');
  out(' To login, go to the following URL in your browser:\n');
  out(`   ${device.verificationUriComplete}\n`);
  out(` Or copy this one-time code: ${device.userCode}\n`);
  out(` And open your browser to ${device.verificationUri}\n`);
  out(` (Code expires in ${device.expiresIn} seconds)\n`);
  out(' Waiting for user to Login...');
  const expiresAt = Date.now() + device.expiresIn * 1000;
  const countdown = startCountdown(expiresAt, options.tickMs ?? 1000);
  try {
    const answer = await poll(runtime.adminUrl, device, expiresAt);
    const login = storedLoginFrom(answer);
    if (!login) throw new CliError(ExitCode.Fault, 'the sandbox answered the login with no token pair');
    countdown.stop();
    const path = saveStoredLogin(login);
    out('\nUser successfully authorized');
    out(`Stored the token pair in ${path} (readable by you alone); \`kong-workshop sandbox logout\` removes it.`);
    return ExitCode.Ok;
  } finally {
    countdown.stop();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls the token endpoint until approval, denial or expiry (RFC 8628 §3.4, §3.5): at once, then
 * `interval` seconds after each answer. The sandbox holds a poll open while the code is pending, so
 * an approval is seen the moment it happens.
 */
async function poll(adminUrl: string, device: DeviceCode, expiresAt: number): Promise<unknown> {
  let interval = device.interval;
  for (let first = true; ; first = false) {
    if (!first) await sleep(interval * 1000);
    const { status, body } = await callAdmin({ adminUrl, token: undefined }, 'POST', '/_sandbox/oauth/device/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: device.deviceCode,
      client_id: 'kong-workshop',
    });
    if (status === 200) return body;
    const error = isRecord(body) && typeof body.error === 'string' ? body.error : `HTTP ${status}`;
    if (error === 'slow_down') interval += 5;
    else if (error === 'expired_token' || (error === 'authorization_pending' && Date.now() >= expiresAt))
      throw new CliError(
        ExitCode.Fault,
        'device authorization request has expired',
        'run kong-workshop sandbox login again',
      );
    else if (error === 'access_denied')
      throw new CliError(
        ExitCode.Fault,
        'the login was denied in the browser',
        'run kong-workshop sandbox login again',
      );
    else if (error !== 'authorization_pending')
      throw new CliError(ExitCode.Fault, `failed to poll for token: ${error}`, 'run kong-workshop sandbox login again');
  }
}

/** On a terminal, a line that counts down to the code's expiry; elsewhere (pipes, lessons) nothing. */
function startCountdown(expiresAt: number, tickMs: number): { stop(): void } {
  if (!process.stdout.isTTY) return { stop() {} };
  const render = () => {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    process.stdout.write(`\r (code expires in ${clock}) `);
  };
  render();
  const timer = setInterval(render, tickMs);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      process.stdout.write('\r\x1b[2K');
    },
  };
}

/** kongctl logout's two answers. */
export async function logoutCommand(): Promise<number> {
  const path = loginTokenPath();
  out(
    removeStoredLogin()
      ? `Removed stored sandbox credentials for profile "default" (${path})`
      : 'No stored sandbox credentials found for profile "default"',
  );
  return ExitCode.Ok;
}

/** Stores the pair where kongctl would keep its own (a dot-file beside the configuration), mode 0600, atomically. */
export function saveStoredLogin(login: StoredLogin): string {
  const path = loginTokenPath();
  writeFileAtomicallySync(path, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  return path;
}

function removeStoredLogin(): boolean {
  const path = loginTokenPath();
  let existed = true;
  try {
    statSync(path);
  } catch {
    existed = false;
  }
  rmSync(path, { force: true });
  return existed;
}

/**
 * Renews an expired stored login with its refresh token and stores the new pair; when that fails
 * the expired token goes out, and the sandbox's refusal says to log in again.
 */
export async function renewStoredLogin(login: StoredLogin, adminUrl: string): Promise<string> {
  const { status, body } = await callAdmin({ adminUrl, token: undefined }, 'POST', '/_sandbox/oauth/refresh', {
    refresh_token: login.token.refresh_token,
  });
  const renewed = status === 200 ? storedLoginFrom(body) : undefined;
  if (!renewed) return login.token.access_token;
  saveStoredLogin(renewed);
  return renewed.token.access_token;
}

/**
 * `sandbox approve CODE`: approves a waiting `sandbox login` from the terminal with the Admin API
 * token, where no browser reaches 127.0.0.1 (the sandbox's stand-in for a logged-in browser).
 */
export async function approveCommand(code: string, options: TokenFlags): Promise<number> {
  const runtime = await requireRunning();
  const { status, body } = await callAdmin(await adminCall(runtime, options), 'POST', '/_sandbox/device-approvals', {
    user_code: code,
  });
  failOnAuth(status, body);
  if (status === 404)
    throw new CliError(
      ExitCode.Fault,
      `no login is waiting for code ${code}`,
      'start one with `kong-workshop sandbox login`; codes expire after 15 minutes',
    );
  if (status !== 200)
    throw new CliError(ExitCode.Fault, `the sandbox answered ${status}`, 'see kong-workshop sandbox logs');
  const outcome = isRecord(body) && body.status === 'already approved' ? 'was already approved' : 'is approved';
  out(`the login waiting for ${code} ${outcome}`);
  return ExitCode.Ok;
}
