import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassReporter } from '../class/index.js';
import { statePaths } from '../state/index.js';

/**
 * The class this learner joined, as a reporter for the workshop and headless runs; undefined when
 * not in a class, and then the class module is not even loaded.
 */
export async function joinedClassReporter(options: { pollNewsMs?: number } = {}): Promise<ClassReporter | undefined> {
  if (!existsSync(join(statePaths().stateDir, 'class-membership.json'))) return undefined;
  const { createClassReporter, loadMembership } = await import('../class/index.js');
  const membership = loadMembership();
  return membership ? createClassReporter(membership, options) : undefined;
}

/** Before exiting: give the server a moment for what is left, and say so when it stays away. */
export async function finishClassReporting(
  reporter: ClassReporter | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (!reporter) return;
  const left = await reporter.flush(3_000);
  reporter.close();
  if (left > 0) {
    log(
      `class: the class server at ${reporter.membership.url} did not answer; ${left} step events are kept and sent ` +
        `by your next kong-workshop command`,
    );
  }
}
