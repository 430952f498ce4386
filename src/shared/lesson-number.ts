import { basename } from 'node:path';

/**
 * The one number a lesson goes by everywhere (home screen, demo, prose, `start`/`check`
 * arguments): its file name's prefix, `02-key-auth.md` → 2, as the lessons' own prose counts
 * them ("lesson 2"). A lesson file without a prefix goes by its place in the list, from 1.
 */
export function lessonNumber(file: string, position: number): number {
  const prefix = /^(\d+)[-_.]/.exec(basename(file));
  return prefix?.[1] === undefined ? position + 1 : Number(prefix[1]);
}
