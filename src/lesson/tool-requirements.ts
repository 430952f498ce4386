import { compareVersions } from '../shared/index.js';
import type { LessonMeta, TargetName, ToolRequirement } from './types.js';

/**
 * The tools a set of lessons needs on one target: each tool once, with the highest minimum
 * version any of the lessons states, since every lesson has to work with the same install.
 */
export function toolRequirementsOn(
  lessons: Iterable<Pick<LessonMeta, 'targets' | 'tools'>>,
  target: TargetName,
): ToolRequirement[] {
  const merged = new Map<string, ToolRequirement>();
  for (const lesson of lessons) {
    if (!lesson.targets.includes(target)) continue;
    for (const tool of [...(lesson.tools['*'] ?? []), ...(lesson.tools[target] ?? [])]) {
      const known = merged.get(tool.name);
      if (!known?.minimum || (tool.minimum && compareVersions(tool.minimum, known.minimum) > 0))
        merged.set(tool.name, known && !tool.minimum ? known : tool);
    }
  }
  return [...merged.values()];
}
