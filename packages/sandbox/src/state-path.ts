import { join } from 'node:path';

/** Where the sandbox saves its configuration between runs (a module of its own: `reset` needs no store). */
export const stateFilePath = (sandboxDir: string, target?: string) =>
  join(sandboxDir, target ? `config.${target}.json` : 'config.json');

/** Changes saved since config.json was last written in full (one JSON line each). */
export const journalFilePath = (sandboxDir: string, target?: string) =>
  join(sandboxDir, target ? `config.${target}.journal` : 'config.journal');
