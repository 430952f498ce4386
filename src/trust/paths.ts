import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export type ConfinedPath = { readonly path: string; readonly refusal?: undefined } | { readonly refusal: string };

/**
 * Where a `file=` block may write, decided on the path as it will be used (after `{{VARIABLES}}`
 * are filled in): inside the work folder or the lesson's own folder, with symlinks resolved, so
 * neither `{{UP}}/{{UP}}/x` nor a link planted in the work folder leads anywhere else.
 */
export async function confineWrite(written: string, workdir: string, lessonDir: string): Promise<ConfinedPath> {
  const path = resolve(workdir, written);
  const roots = [resolve(workdir), resolve(lessonDir)];
  const refusal = `file=${written} is outside the work folder and the lesson's folder; nothing was written`;
  if (!roots.some((root) => isInside(path, root))) return { refusal };
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  const real = await realpathOfExisting(path);
  if (!realRoots.some((root) => isInside(real, root))) return { refusal: `${refusal} (a link leads out)` };
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile())
    return { refusal: `file=${written} exists and is not a regular file; nothing was written` };
  return { path };
}

/** Strictly below `root`: the folder itself is not a file to write. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended. */
async function realpathOfExisting(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    const exists = await lstat(current).then(
      () => true,
      () => false,
    );
    if (exists) {
      const real = await realpath(current).catch(() => undefined);
      // A dangling link: where it points is not known to be inside, so it counts as outside.
      if (real === undefined) return '/';
      return resolve(real, ...rest.reverse());
    }
    const parent = dirname(current);
    if (parent === current) return path;
    rest.push(relative(parent, current));
    current = parent;
  }
}
