import { readFile } from 'node:fs/promises';
import type { Lesson } from '../lesson/index.js';
import type { TrustDialog } from './types.js';

/**
 * Lessons from elsewhere run commands on this machine only when the learner trusts them, after
 * seeing what they would run; the answer is remembered for that exact content.
 */
export async function trustLesson(lesson: Lesson, ask: (dialog: TrustDialog) => Promise<boolean>): Promise<boolean> {
  const { commandsOf, isBundledLesson, isRemembered, rememberTrust, runsCommands } = await import('../trust/index.js');
  if (isBundledLesson(lesson.file) || !runsCommands(lesson, 'run')) return true;
  const content = await readFile(lesson.file, 'utf8');
  if (isRemembered(content)) return true;
  const commands = commandsOf(lesson).map((command) => command.split('\n')[0]!);
  if (!(await ask({ kind: 'trust', file: lesson.file, title: lesson.title, commands }))) return false;
  await rememberTrust(lesson.file, content);
  return true;
}
