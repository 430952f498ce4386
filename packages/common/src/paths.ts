import { homedir } from 'node:os';
import { join } from 'node:path';
import { xdgConfig, xdgState } from 'xdg-basedir';

export interface StatePaths {
  /** Progress, sandbox runtime files, the sandbox token, trusted lessons. */
  readonly stateDir: string;
  /** User configuration (config.yaml). */
  readonly configDir: string;
  readonly progressDir: string;
  readonly sandboxDir: string;
}

/**
 * Where kong-workshop keeps what users earned and typed. KONG_WORKSHOP_HOME puts everything
 * under one folder (tests, portable installs); otherwise the XDG base directories apply.
 */
export function statePaths(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const home = env.KONG_WORKSHOP_HOME;
  const stateDir = home
    ? join(home, 'state')
    : join(env.XDG_STATE_HOME || xdgState || join(homedir(), '.local', 'state'), 'kong-workshop');
  const configDir = home
    ? join(home, 'config')
    : join(env.XDG_CONFIG_HOME || xdgConfig || join(homedir(), '.config'), 'kong-workshop');
  return {
    stateDir,
    configDir,
    progressDir: join(stateDir, 'progress'),
    sandboxDir: join(stateDir, 'sandbox'),
  };
}
