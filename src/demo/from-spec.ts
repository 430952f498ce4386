import { basename } from 'node:path';
import type { Lesson, TargetName } from '../lesson/index.js';
import { DemoError } from './errors.js';
import { TITLE_CARD, type DemoPosition } from './positions.js';

/** `--from LESSON:STEP` as written: LESSON an id or file name, STEP 1-based or a step id. */
export interface FromSpec {
  readonly lesson: string;
  /** Undefined for `--from LESSON`: its title card. */
  readonly step?: string;
}

const EXAMPLE = 'for example --from 04-per-consumer-limits:2 or --from key-auth:turn-on-key-auth';

export function parseFromSpec(text: string): FromSpec {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  const lesson = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const step = colon < 0 ? undefined : trimmed.slice(colon + 1);
  if (lesson === '' || step === '')
    throw new DemoError('invalid-from', `--from expects LESSON:STEP, got '${text}'`, EXAMPLE);
  return { lesson, step };
}

/**
 * Finds the lesson and step a `--from` names among the lessons being presented (already
 * projected to the target, so step numbers are the ones the audience sees).
 */
export function resolveFrom(spec: FromSpec, lessons: readonly Lesson[], target: TargetName): DemoPosition {
  const index = lessons.findIndex((lesson) => namesLesson(spec.lesson, lesson));
  const lesson = lessons[index];
  if (!lesson) {
    const known = lessons.map((l) => `${l.id} (${basename(l.file, '.md')})`).join(', ');
    throw new DemoError(
      'unknown-from-lesson',
      `--from names no lesson '${spec.lesson}' among the lessons given for the ${target} target`,
      known ? `use a lesson id or file name: ${known}` : 'give the lesson on the command line too',
    );
  }
  const wanted = spec.step;
  if (wanted === undefined) return { lesson: index, step: TITLE_CARD };
  const steps = lesson.steps;
  const ids = steps.map((step, i) => `${i + 1} ${step.id}`).join(', ');
  if (/^\d+$/.test(wanted)) {
    const number = Number(wanted);
    if (number >= 1 && number <= steps.length) return { lesson: index, step: number - 1 };
    throw new DemoError(
      'unknown-from-step',
      `'${lesson.id}' has ${steps.length} step${steps.length === 1 ? '' : 's'} on the ${target} target, not ${wanted}`,
      steps.length ? `steps: ${ids}` : 'it has nothing to present on this target',
    );
  }
  const found = steps.findIndex((step) => step.id === wanted.toLowerCase());
  if (found >= 0) return { lesson: index, step: found };
  throw new DemoError(
    'unknown-from-step',
    `'${lesson.id}' has no step '${wanted}' on the ${target} target`,
    `steps: ${ids}`,
  );
}

function namesLesson(name: string, lesson: Lesson): boolean {
  const file = basename(lesson.file);
  const stem = basename(lesson.file, '.md');
  return name === lesson.id || name === file || name === stem || name === stem.replace(/^\d+-/, '');
}
