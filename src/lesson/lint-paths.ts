import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLessonFile } from './parse.js';
import type { Diagnostic } from './types.js';
import { FaultError } from '../shared/index.js';

/** A path given to lint that does not exist: bad input, not a lesson problem. */
export class LintPathError extends FaultError<'lint-path-missing'> {
  constructor(path: string) {
    super('lint-path-missing', `${path} does not exist`, 'give lesson files (*.md) or folders that hold them');
  }
}

/**
 * Lints files and folders (a folder means its *.md files, recursively, except README.md).
 * Returns how many lesson files were read and every diagnostic, file by file.
 */
export async function lintPaths(paths: readonly string[]): Promise<{ files: number; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await lessonFiles(path)));
  const unique = [...new Set(files)];
  const results = await Promise.all(unique.map((file) => parseLessonFile(file)));
  return { files: unique.length, diagnostics: results.flatMap((result) => result.diagnostics) };
}

/** The lesson files a path stands for, sorted so output is stable. */
export async function lessonFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new LintPathError(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await lessonFiles(child)));
    else if (entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') out.push(child);
  }
  return out;
}
