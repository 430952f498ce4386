export { formatEnv, shellKind, SHELLS, type EnvExports, type ShellKind } from './format.js';
export { envCommandAction, type EnvFlags } from './env.js';
