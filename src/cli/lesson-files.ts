import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundledFixturesDir, bundledLessonsDir } from '../shared/index.js';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * Turns command-line arguments into lesson files: a file, a folder (its *.md files, sorted),
 * or a bundled lesson by name, id or number (`02-key-auth`, `key-auth`, `2`). No arguments, or
 * `lessons` where no such folder exists, mean the bundled workshop: it runs from any folder.
 */
export function resolveLessonFiles(args: readonly string[]): string[] {
  if (args.length === 0) return markdownIn(bundledLessonsDir());
  const files: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    if (existsSync(path)) {
      files.push(...(statSync(path).isDirectory() ? markdownIn(path) : [path]));
      continue;
    }
    if (/^lessons\/?$/.test(arg)) {
      files.push(...markdownIn(bundledLessonsDir()));
      continue;
    }
    const bundled = findBundledLesson(arg);
    if (!bundled && looksLikePath(arg))
      throw new CliError(
        ExitCode.Usage,
        `${arg}: no such lesson file or folder (looked for ${path})`,
        `check the path from ${process.cwd()}; bundled lessons run by name, e.g. ${bundledLessonNames()[0] ?? '02-key-auth'}`,
      );
    if (!bundled) {
      const names = bundledLessonNames();
      throw new CliError(
        ExitCode.Usage,
        `no lesson file, folder or bundled lesson named '${arg}'`,
        names.length ? `bundled lessons: ${names.join(', ')}` : 'give the path of a lesson file',
      );
    }
    files.push(bundled);
  }
  if (files.length === 0)
    throw new CliError(ExitCode.Usage, 'no lesson files found', 'give lesson files or folders, e.g. lessons/');
  return [...new Set(files)];
}

/** A path rather than a bundled lesson's name: it names a folder or a markdown file. */
function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || arg.endsWith('.md') || arg.startsWith('.');
}

function markdownIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? markdownIn(join(dir, entry.name))
        : entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md'
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

function bundledLessonNames(): string[] {
  return existsSync(bundledLessonsDir()) ? markdownIn(bundledLessonsDir()).map((file) => basename(file, '.md')) : [];
}

function findBundledLesson(name: string): string | undefined {
  const wanted = name.replace(/\.md$/, '');
  return existsSync(bundledLessonsDir())
    ? markdownIn(bundledLessonsDir()).find((file) => {
        const base = basename(file, '.md');
        // By file name, by name without its number (the lesson's id), or by its number alone: `2`, `02`.
        const number = /^(\d+)-/.exec(base)?.[1];
        return (
          base === wanted ||
          base.replace(/^\d+-/, '') === wanted ||
          (number !== undefined && /^\d+$/.test(wanted) && Number(number) === Number(wanted))
        );
      })
    : undefined;
}

/** The fixtures folder a lesson refers to as {{FIXTURES}}: the nearest `fixtures/` above it. */
export function fixturesDirFor(lessonFile: string): string {
  let dir = dirname(resolve(lessonFile));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'fixtures');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return bundledFixturesDir();
}
