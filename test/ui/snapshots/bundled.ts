import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../../../src/lesson/index.js';
import { parseLesson, projectLesson } from '../../../src/lesson/index.js';
import type { OpenLesson } from '../../../src/workshop/index.js';
import { openLesson } from '../fixtures.js';

/** The lessons that ship with kong-workshop, by repo-relative path: no machine's path in a snapshot. */
export function bundledLessons(): { file: string; source: string; lesson: Lesson }[] {
  return readdirSync('lessons')
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const file = join('lessons', name);
      const source = readFileSync(file, 'utf8');
      const parsed = parseLesson(source, file);
      if (!parsed.lesson) throw new Error(`${file} does not parse`);
      return { file, source, lesson: projectLesson(parsed.lesson, 'sandbox') };
    });
}

/** Where the sandbox listens in every snapshot (ports are normalised anyway). */
export const ADDRESSES = { PROXY: 'http://127.0.0.1:8000', ADMIN: 'http://127.0.0.1:8001' };

/** A bundled lesson open on `stepIndex`, nothing run yet. */
export function freshLesson(lesson: Lesson, stepIndex: number): OpenLesson {
  return openLesson(lesson, [], { stepIndex, addresses: ADDRESSES });
}
