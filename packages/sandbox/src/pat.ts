import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statePaths } from '@kong-workshop/common';
import { readSandboxToken } from './token.js';

export type TokenSource = 'flag' | 'env' | 'config' | 'token-file';

/** The environment variable `kong-workshop sandbox …` reads the Admin API token from. */
export const PAT_ENV = 'KONG_WORKSHOP_PAT';

/**
 * The token for the sandbox Admin API, in kongctl's order of precedence: the `--pat` flag,
 * then KONG_WORKSHOP_PAT, then `sandbox.pat` in config.yaml, and finally the token file the
 * sandbox itself wrote (it runs on this machine).
 */
export async function resolveAdminToken(
  options: {
    flag?: string;
    env?: NodeJS.ProcessEnv;
    configDir?: string;
    configFile?: string;
    sandboxDir?: string;
  } = {},
): Promise<{ token: string; source: TokenSource } | undefined> {
  if (options.flag) return { token: options.flag, source: 'flag' };
  const env = options.env ?? process.env;
  if (env[PAT_ENV]) return { token: env[PAT_ENV]!, source: 'env' };
  const configured = await readConfiguredPat(
    options.configFile ?? configFilePath(options.configDir ?? statePaths(env).configDir),
  );
  if (configured) return { token: configured, source: 'config' };
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
