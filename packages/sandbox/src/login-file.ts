import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord, statePaths } from '@kong-workshop/common';

// Where `kong-workshop sandbox login` keeps its token pair, as kongctl keeps its own in
// ~/.config/kongctl/.<profile>-konnect-token.json: beside the user's configuration, mode 0600,
// written atomically so a crash never leaves half a token.

/** The stored pair, in kongctl's file shape (`token` as the token endpoint answered, and when). */
export interface StoredLogin {
  readonly token: {
    readonly access_token: string;
    readonly refresh_token: string;
    readonly token_type: string;
    readonly expires_in: number;
    readonly scope?: string;
  };
  readonly received_at: string;
}

export const loginTokenPath = (configDir: string = statePaths().configDir, profile = 'default') =>
  join(configDir, `.${profile}-sandbox-token.json`);

/** The token endpoint's answer as a StoredLogin, or undefined when it is not one (parsed at the boundary). */
export function storedLoginFrom(answer: unknown, receivedAt: Date = new Date()): StoredLogin | undefined {
  if (!isRecord(answer)) return undefined;
  const { access_token, refresh_token, token_type, expires_in, scope } = answer;
  if (typeof access_token !== 'string' || typeof refresh_token !== 'string' || typeof expires_in !== 'number')
    return undefined;
  return {
    token: {
      access_token,
      refresh_token,
      token_type: typeof token_type === 'string' ? token_type : 'Bearer',
      expires_in,
      ...(typeof scope === 'string' ? { scope } : {}),
    },
    received_at: receivedAt.toISOString(),
  };
}

export function readStoredLogin(configDir?: string): StoredLogin | undefined {
  let text: string;
  try {
    text = readFileSync(loginTokenPath(configDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed) || typeof parsed.received_at !== 'string') return undefined;
    return storedLoginFrom(parsed.token, new Date(parsed.received_at));
  } catch {
    return undefined;
  }
}

/** The access token has expired (a minute early, so a call started now does not fail half-way). */
export function loginExpired(login: StoredLogin, now: number = Date.now()): boolean {
  return Date.parse(login.received_at) + (login.token.expires_in - 60) * 1000 <= now;
}
