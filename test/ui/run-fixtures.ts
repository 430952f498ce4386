import { initialRunState, reduce, type RunEvent, type RunState } from '../../src/engine/index.js';
import { parseLesson, projectLesson, type Lesson } from '../../src/lesson/index.js';

// What the workshop's and the demo's view fixtures share: parsing, folding events, the opening event.

/** A rate-limit check on alex's key: six requests, the sixth refused. */
export const ALEX_IS_LIMITED_CHECK = `\`\`\`check
name: alex is limited
request: GET {{PROXY}}/echo
repeat: 6
series:
  status: [200 x5, 429]
\`\`\``;

/** A fixture lesson parsed and projected to the sandbox; one that does not parse is a broken test. */
export function sandboxLesson(source: string, file: string): Lesson {
  const parsed = parseLesson(source, file);
  if (!parsed.lesson) throw new Error(`fixture lesson does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  return projectLesson(parsed.lesson, 'sandbox');
}

/** The run state after `events`, as the engine's reducer builds it. */
export const fold = (events: readonly RunEvent[], from: RunState = initialRunState) => events.reduce(reduce, from);

/** The event a run opens with, on the sandbox. */
export function lessonStarted(lesson: Lesson): RunEvent {
  return {
    type: 'lesson-started',
    lessonId: lesson.id,
    title: lesson.title,
    file: lesson.file,
    target: 'sandbox',
    targetDescription: 'sandbox at http://127.0.0.1:8000',
    mode: 'run',
    steps: lesson.steps.map((s) => ({ id: s.id, title: s.title })),
    at: 0,
  };
}
