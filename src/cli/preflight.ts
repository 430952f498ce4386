import { toolRequirementsOn, type Lesson, type TargetName } from '../lesson/index.js';
import { createStyle, shouldColor } from '../report/index.js';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Before the first step: what doctor requires for this target and these lessons (Node, bash,
 * the target's tools, the lessons' `requires.tools` with their minimums). A missing or too old
 * one stops the run here, exit 3, each with its fix, instead of a step failing halfway.
 */
export async function preflight(target: TargetName, lessons: readonly Lesson[]): Promise<void> {
  const { preflightFailures } = await import('../doctor/index.js');
  const failures = await preflightFailures(target, toolRequirementsOn(lessons, target));
  if (failures.length === 0) return;
  const style = createStyle(shouldColor(process.stderr));
  for (const item of failures) {
    process.stderr.write(`${style.red('✖')} ${item.title}  ${item.detail}\n`);
    if (item.fix) process.stderr.write(`    fix: ${item.fix}\n`);
  }
  throw new CliError(
    ExitCode.Fault,
    `not ready for the ${target} target: ${failures.map((item) => item.title).join(', ')}; nothing was run`,
    `fix the ✖ items above; \`kong-workshop doctor --target ${target}\` checks everything the target needs`,
  );
}
