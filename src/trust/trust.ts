import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Lesson } from '../lesson/index.js';
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

/** Whether running the lesson would execute anything on this machine (commands, files, command checks). */
export function runsCommands(lesson: Lesson, mode: 'run' | 'check'): boolean {
  const steps = lesson.cleanup ? [...lesson.steps, lesson.cleanup] : lesson.steps;
  return steps.some((step) =>
    step.blocks.some(
      (block) =>
        (block.type === 'check' && block.spec.kind === 'cmd') ||
        (mode === 'run' && (block.type === 'run' || block.type === 'file')),
    ),
  );
}

/** The commands a lesson would run, for the trust prompt. */
export function commandsOf(lesson: Lesson): string[] {
  return lesson.steps.flatMap((step) =>
    step.blocks.flatMap((block) =>
      block.type === 'run'
        ? [block.command]
        : block.type === 'check' && block.spec.kind === 'cmd'
          ? [block.spec.command]
          : [],
    ),
  );
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
