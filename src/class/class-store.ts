import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomicallySync } from '../state/index.js';
import { newId, newJoinCode, newSecretToken } from './codes.js';
import { classPaths } from './paths.js';
import { classConfigSchema, type ClassConfig } from './records.js';
import { z } from 'zod';

export class ClassError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const DEFAULT_STUCK_MINUTES = 5;

/**
 * The class in this state directory: resumed when there is one (a restart continues the same
 * class, with the same join code), else made afresh. `fresh` archives the old one first.
 */
export function openClass(options: { name?: string; stuckMinutes?: number; fresh?: boolean }): {
  config: ClassConfig;
  resumed: boolean;
} {
  const paths = classPaths();
  if (options.fresh && existsSync(paths.dir)) {
    const old = loadClassConfig();
    mkdirSync(paths.archive, { recursive: true, mode: 0o700 });
    renameSync(paths.dir, join(paths.archive, `${old?.id ?? 'class'}-${Date.now()}`));
  }
  const existing = loadClassConfig();
  if (existing) {
    // A new name or threshold on a resumed class applies from now on; its secrets stay.
    const config = {
      ...existing,
      name: options.name ?? existing.name,
      stuckMinutes: options.stuckMinutes ?? existing.stuckMinutes,
    };
    if (config.name !== existing.name || config.stuckMinutes !== existing.stuckMinutes)
      writeFileAtomicallySync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
    return { config, resumed: true };
  }
  const config: ClassConfig = {
    version: 1,
    id: newId(),
    name: options.name ?? 'Kong workshop',
    createdAt: Date.now(),
    joinCode: newJoinCode(),
    instructorToken: newSecretToken(),
    stuckMinutes: options.stuckMinutes ?? DEFAULT_STUCK_MINUTES,
  };
  writeFileAtomicallySync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  return { config, resumed: false };
}

export function loadClassConfig(): ClassConfig | undefined {
  const read = readJsonFile(classPaths().config);
  if (read.status === 'missing') return undefined;
  if (read.status === 'corrupt')
    throw new ClassError(
      `the class file ${classPaths().config} cannot be read: ${read.error}`,
      'start a new class with `kong-workshop class start --new`',
    );
  const parsed = classConfigSchema.safeParse(read.value);
  if (!parsed.success)
    throw new ClassError(
      `the class file ${classPaths().config} is not one this version understands`,
      'start a new class with `kong-workshop class start --new`',
    );
  return parsed.data;
}

const serverFileSchema = z.object({ pid: z.number().int(), url: z.string() });
export type ServerFile = z.infer<typeof serverFileSchema>;

/** Where the running server listens, for `class stop` and the instructor's TUI. */
export function writeServerFile(file: ServerFile): void {
  writeFileAtomicallySync(classPaths().server, `${JSON.stringify(file)}\n`);
}

export function readServerFile(): ServerFile | undefined {
  const read = readJsonFile(classPaths().server);
  if (read.status !== 'ok') return undefined;
  const parsed = serverFileSchema.safeParse(read.value);
  return parsed.success ? parsed.data : undefined;
}

export function removeServerFile(pid: number): void {
  if (readServerFile()?.pid === pid) rmSync(classPaths().server, { force: true });
}
