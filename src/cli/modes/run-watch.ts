import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseLessonFile, type Block, type Lesson } from '../../lesson/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { formatCliError } from '../format-error.js';
import { resolveLessonFiles } from '../lesson-files.js';
import { runHeadless, type HeadlessFlags } from './headless.js';

/**
 * `run --watch LESSON [--from STEP]`: runs the lesson (the steps before --from quietly), then
 * again every time the lesson file or a file it includes is saved, until Ctrl-C. Each run
 * starts from a clean work folder and a fresh target session, as `run` does, so a re-run shows
 * what the edited lesson does from the start rather than on top of the last attempt.
 */
export async function runWatch(args: readonly string[], flags: HeadlessFlags): Promise<number> {
  const files = resolveLessonFiles(args);
  const [file, ...others] = files;
  if (!file || others.length > 0)
    throw new CliError(ExitCode.Usage, 'run --watch takes one lesson file', 'write: run --watch LESSON.md --from STEP');

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  let changed: (() => void) | undefined;
  let watchers: FSWatcher[] = [];
  try {
    while (!controller.signal.aborted) {
      process.stdout.write(`\n── ${new Date().toLocaleTimeString()} · ${basename(file)} ──\n`);
      await runHeadless('run', [file], flags).then(
        (code) => process.stderr.write(`run ended with exit code ${code}\n`),
        (error: unknown) => process.stderr.write(formatCliError(error)),
      );
      if (controller.signal.aborted) break;
      // Includes may have changed with the lesson: watch what the lesson names now.
      const watched = await watchedFiles(file);
      const next = new Promise<void>((done) => {
        changed = done;
      });
      for (const watcher of watchers) watcher.close();
      watchers = watchFiles(watched, () => changed?.());
      process.stderr.write(
        `watching ${basename(file)}${watched.length > 1 ? ` and ${watched.length - 1} included file(s)` : ''}` +
          ' for changes; Ctrl-C stops\n',
      );
      await Promise.race([next, aborted(controller.signal)]);
      // An editor's save can write twice: run once, after the writes settle.
      await settle(150, controller.signal);
    }
  } finally {
    process.off('SIGINT', stop);
    for (const watcher of watchers) watcher.close();
  }
  return ExitCode.Ok;
}

/** The lesson file and every file it shows with include=, as they are now. */
async function watchedFiles(file: string): Promise<string[]> {
  const parsed = await parseLessonFile(file).catch(() => undefined);
  const includes = parsed?.lesson ? includedFiles(parsed.lesson) : [];
  return [...new Set([resolve(file), ...includes])];
}

function includedFiles(lesson: Lesson): string[] {
  const blocks: Block[] = [...lesson.intro];
  for (const step of [...lesson.steps, ...(lesson.cleanup ? [lesson.cleanup] : [])]) {
    blocks.push(...step.blocks);
    for (const section of step.sections) blocks.push(...section.blocks);
  }
  return blocks.flatMap((block) => (block.type === 'display' && block.include ? [block.include] : []));
}

/**
 * Watches each file through its folder: editors save by writing a new file and renaming it over
 * the old one, which a watch on the file itself stops seeing.
 */
function watchFiles(files: readonly string[], onChange: () => void): FSWatcher[] {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const names = byDir.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byDir.set(dirname(file), names);
  }
  return [...byDir].map(([dir, names]) =>
    watch(dir, (_event, name) => {
      if (name === null || names.has(String(name))) onChange();
    }),
  );
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
}

function settle(ms: number, signal: AbortSignal): Promise<void> {
  return Promise.race([new Promise<void>((done) => setTimeout(done, ms)), aborted(signal)]);
}
