import { parseLesson, projectLesson, type Lesson } from '../../src/lesson/index.js';

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

/** A lesson from markdown, parsed and projected like the demo does; fails loudly on a typo. */
export function lesson(file: string, front: string, body: string, target: 'sandbox' | 'gateway' = 'gateway'): Lesson {
  const result = parseLesson(`---\n${front}\n---\n\n${body}`, file);
  if (!result.lesson) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return projectLesson(result.lesson, target);
}

/** A lesson of shell steps: each `[title, command]` a step whose command must exit 0. */
export function shellLesson(
  file: string,
  id: string,
  steps: readonly (readonly [string, string])[],
  extra = '',
): Lesson {
  const body = steps
    .map(
      ([title, command]) =>
        `## ${title}\n\nThe key line of ${title}. More detail follows.\n\n${fence('sh run', command)}`,
    )
    .join('\n\n');
  return lesson(file, `id: ${id}\ntitle: ${id} title\ntargets: [gateway]`, `${body}${extra}`);
}

export { fence };
