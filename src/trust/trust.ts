import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { bundledLessonsDir } from '../shared/index.js';
import { readJsonFile, statePaths, writeFileAtomically } from '../state/index.js';

/**
 * Lessons that ship with kong-workshop run without asking. Any other lesson runs commands on
 * the learner's machine only with their explicit trust: --trust headless, or a prompt.
 */
export function isBundledLesson(file: string): boolean {
  try {
    return realpathSync(file).startsWith(realpathSync(bundledLessonsDir()) + sep);
  } catch {
    return false;
  }
}

/**
 * Lesson files the learner trusted in this process (--trust, a yes at the consent screen, a
 * remembered yes): their checks may send requests beyond the target's own URLs.
 */
const consented = new Set<string>();

export function markTrusted(file: string): void {
  consented.add(file);
}

/** Ships with kong-workshop, or the learner said so in this process. */
export function isTrusted(file: string): boolean {
  return consented.has(file) || isBundledLesson(file);
}

interface TrustFile {
  readonly trusted: Record<string, { readonly file: string; readonly at: string }>;
}

const trustFile = () => join(statePaths().stateDir, 'trusted-lessons.json');

function digest(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Trust is remembered per exact content: an edited lesson must be trusted again. */
export function isRemembered(content: string): boolean {
  const read = readJsonFile<TrustFile>(trustFile());
  return read.status === 'ok' && Boolean(read.value.trusted?.[digest(content)]);
}

export async function rememberTrust(file: string, content: string): Promise<void> {
  const read = readJsonFile<TrustFile>(trustFile());
  const trusted = read.status === 'ok' ? { ...read.value.trusted } : {};
  trusted[digest(content)] = { file, at: new Date().toISOString() };
  await writeFileAtomically(trustFile(), `${JSON.stringify({ trusted }, null, 2)}\n`);
}
