/**
 * The sandbox seen from another process: find the running one, start or stop the background one,
 * call its Admin API, and the files it keeps. No gateway code: a short `kong-workshop sandbox …`
 * command imports only this (`@kong-workshop/sandbox/control`), so it starts in a few milliseconds.
 */
export { startSandboxDaemon, stopSandbox, logFilePath, type DaemonOptions } from './daemon.js';
export {
  findRunningSandbox,
  inspectRuntimeFile,
  isProcessAlive,
  readRuntimeFile,
  runtimeFilePath,
  type RuntimeFileState,
  type SandboxRuntime,
} from './runtime.js';
export { readSandboxToken, ensureSandboxToken, tokenFilePath } from './token.js';
export { renderDeckTemplate, DeckFileError } from './declarative/deck.js';
export type { SyncSummary } from './declarative/sync.js';
export { callAdmin, type AdminCall } from './client.js';
export { SandboxError } from './errors.js';
export { journalFilePath, stateFilePath } from './state-path.js';
export { resolveAdminToken, configFilePath, PAT_ENV, type TokenSource } from './pat.js';
export { loginTokenPath, readStoredLogin, storedLoginFrom, loginExpired, type StoredLogin } from './login-file.js';
