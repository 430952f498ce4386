export { formatEnv, shellKind, type EnvExports, type ShellKind } from './format.js';
export { envCommandAction, type EnvFlags } from './env.js';
