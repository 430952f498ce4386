import { readFile } from 'node:fs/promises';
import type { Lesson } from '../lesson/index.js';
import type { TrustDialog } from './types.js';

/**
 * Lessons from elsewhere run commands, write files or send requests beyond the target only when
 * the learner trusts them, after seeing all of it; the answer is remembered for that exact content.
 * `secretNames` are secrets given from outside (--secret), which the plan marks where requests carry them.
 */
export async function trustLesson(
  lesson: Lesson,
  ask: (dialog: TrustDialog) => Promise<boolean>,
  secretNames: readonly string[] = [],
): Promise<boolean> {
  const trust = await import('../trust/index.js');
  if (trust.isBundledLesson(lesson.file)) return true;
  const plan = trust.trustPlanOf(lesson, 'run', secretNames);
  if (!trust.needsConsent(plan)) return true;
  const content = await readFile(lesson.file, 'utf8');
  if (!trust.isRemembered(content)) {
    if (!(await ask({ kind: 'trust', file: lesson.file, title: lesson.title, plan }))) return false;
    await trust.rememberTrust(lesson.file, content);
  }
  trust.markTrusted(lesson.file);
  return true;
}
