import { parseLesson, type Block, type Diagnostic, type Lesson } from '../../src/lesson/index.js';

/** Front matter of 4 lines plus the closing ---: the body starts on line 6. */
export const FRONT = '---\nid: t\ntitle: T\ntargets: [sandbox, kind]\n---\n';

/** A lesson from a body, with a hint and solution-free step allowed (warnings are ignored by `errors`). */
export function source(body: string, front = FRONT): string {
  return `${front}${body}`;
}

/** `code line:col` for every error, in order. */
export function errors(text: string, file = 'lesson.md'): string[] {
  return parseLesson(text, file)
    .diagnostics.filter((d) => d.severity === 'error')
    .map(brief);
}

export function warnings(text: string, file = 'lesson.md'): string[] {
  return parseLesson(text, file)
    .diagnostics.filter((d) => d.severity === 'warning')
    .map(brief);
}

export function brief(d: Diagnostic): string {
  return `${d.code} ${d.line}:${d.column}`;
}

/** Parses a lesson that must be valid, failing with its diagnostics otherwise. */
export function valid(text: string, file = 'lesson.md'): Lesson {
  const result = parseLesson(text, file);
  const problems = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.lesson || problems.length)
    throw new Error(`expected a valid lesson, got:\n${problems.map((d) => `${brief(d)} ${d.message}`).join('\n')}`);
  return result.lesson;
}

/** The blocks of the first step. */
export function firstStepBlocks(text: string): readonly Block[] {
  return valid(text).steps[0]!.blocks;
}

export function fence(info: string, body: string): string {
  return `\`\`\`${info}\n${body}\n\`\`\`\n`;
}
