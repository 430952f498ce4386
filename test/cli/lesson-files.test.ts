import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveLessonFiles } from '../../src/cli/lesson-files.js';
import { lessonNumber } from '../../src/shared/index.js';

describe('one numbering for lessons', () => {
  it('finds a bundled lesson by file name, id or number', () => {
    for (const name of ['02-key-auth', 'key-auth', '2', '02'])
      expect(resolveLessonFiles([name]).map((file) => basename(file))).toEqual(['02-key-auth.md']);
    expect(resolveLessonFiles(['0']).map((file) => basename(file))).toEqual(['00-setup.md']);
  });

  it('numbers a lesson by its file name, as the prose does, else by its place', () => {
    expect(lessonNumber('/lessons/02-key-auth.md', 0)).toBe(2);
    expect(lessonNumber('/lessons/00-setup.md', 4)).toBe(0);
    expect(lessonNumber('/lessons/key-auth.md', 2)).toBe(3);
  });
});
