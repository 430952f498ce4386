import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statePaths } from '@kong-workshop/common';
import { readSandboxToken } from './token.js';
import { loginExpired, readStoredLogin, type StoredLogin } from './login-file.js';

export type TokenSource = 'flag' | 'env' | 'config' | 'login' | 'token-file';

/** The environment variable `kong-workshop sandbox …` reads the Admin API token from. */
export const PAT_ENV = 'KONG_WORKSHOP_PAT';

/**
 * The token for the sandbox Admin API, in kongctl's order of precedence: the `--pat` flag,
 * then KONG_WORKSHOP_PAT, then `sandbox.pat` in config.yaml, then the token pair `sandbox login`
 * stored (kongctl's stored login), and finally the token file the sandbox itself wrote (it runs on
 * this machine).
 */
export async function resolveAdminToken(
  options: {
    flag?: string;
    env?: NodeJS.ProcessEnv;
    configDir?: string;
    configFile?: string;
    sandboxDir?: string;
  } = {},
): Promise<{ token: string; source: TokenSource; expiredLogin?: StoredLogin } | undefined> {
  if (options.flag) return { token: options.flag, source: 'flag' };
  const env = options.env ?? process.env;
  if (env[PAT_ENV]) return { token: env[PAT_ENV]!, source: 'env' };
  const configured = await readConfiguredPat(
    options.configFile ?? configFilePath(options.configDir ?? statePaths(env).configDir),
  );
  if (configured) return { token: configured, source: 'config' };
  const configDir = options.configDir ?? statePaths(env).configDir;
  const login = readStoredLogin(configDir);
  // An expired login still names the source; the caller renews it (`sandbox login`'s module) or sends it as is.
  if (login)
    return {
      token: login.token.access_token,
      source: 'login',
      ...(loginExpired(login) ? { expiredLogin: login } : {}),
    };
  const file = readSandboxToken(options.sandboxDir ?? statePaths(env).sandboxDir);
  return file ? { token: file, source: 'token-file' } : undefined;
}

/** The default config file, `config.yaml` in kong-workshop's config folder; `--config-file` replaces it. */
export function configFilePath(configDir: string = statePaths().configDir): string {
  return join(configDir, 'config.yaml');
}

async function readConfiguredPat(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // The YAML parser is loaded only when there is a file to parse: most calls find none, and the
  // short sandbox commands that make them should not pay for it.
  const { patInConfig } = await import('./config-yaml.js');
  return patInConfig(text);
}
