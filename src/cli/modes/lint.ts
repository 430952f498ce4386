import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { formatDiagnostic, lintPaths, LintPathError, type Diagnostic } from '../../lesson/index.js';
import { bundledLessonsDir, shouldColor } from '../../shared/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

export interface LintOptions {
  readonly format: 'text' | 'json' | 'github';
  readonly strict: boolean;
  readonly watch?: boolean;
}

/** Lints the given paths (or the bundled lessons), prints every diagnostic, and returns the exit code. */
export async function runLint(paths: readonly string[], options: LintOptions): Promise<number> {
  const targets = paths.length > 0 ? paths : [bundledLessonsDir()];
  if (!options.watch) return lintOnce(targets, options);
  await lintOnce(targets, options);
  return watchAndLint(targets, options);
}

/**
 * Lints again after every change to the watched files or folders (recursively), until Ctrl-C.
 * Changes that come together (an editor's save writes twice) are linted once.
 */
async function watchAndLint(targets: readonly string[], options: LintOptions): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const again = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        process.stdout.write(`\n── ${new Date().toLocaleTimeString()} ──\n`);
        await lintOnce(targets, options).catch((error: unknown) => {
          process.stdout.write(`${error instanceof Error ? error.message : String(error)}\n`);
        });
      });
    }, 150);
  };
  const watchers = targets.map((target) =>
    watch(target, { recursive: true, signal: controller.signal }, (_event, name) => {
      if (name === null || String(name).endsWith('.md') || !String(name).includes('.')) again();
    }),
  );
  process.stderr.write('watching for changes; Ctrl-C stops\n');
  await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve()));
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
  return ExitCode.Ok;
}

async function lintOnce(targets: readonly string[], options: LintOptions): Promise<number> {
  const result = await lintPaths(targets).catch((error: unknown) => {
    if (error instanceof LintPathError) throw new CliError(ExitCode.Usage, error.message, error.hint);
    throw error;
  });
  if (result.files === 0)
    throw new CliError(
      ExitCode.Usage,
      `no lesson files (*.md) in ${targets.join(', ')}`,
      'give lesson files or folders that hold them',
    );
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (options.format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ files: result.files, errors, warnings, diagnostics: result.diagnostics }, null, 2)}\n`,
    );
  } else if (options.format === 'github') {
    for (const diagnostic of result.diagnostics) process.stdout.write(`${githubAnnotation(diagnostic)}\n`);
    process.stdout.write(`${summary(result.files, result.diagnostics, errors, warnings)}\n`);
  } else {
    process.stdout.write(await renderText(result.diagnostics));
    process.stdout.write(`${summary(result.files, result.diagnostics, errors, warnings)}\n`);
  }
  return errors > 0 || (options.strict && warnings > 0) ? ExitCode.InvalidLesson : ExitCode.Ok;
}

/**
 * A GitHub Actions workflow command: the runner turns it into an annotation on the file's line
 * in the pull request. Paths are relative to the working folder, as the checkout is.
 */
function githubAnnotation(diagnostic: Diagnostic): string {
  const file = relative(process.cwd(), diagnostic.file) || diagnostic.file;
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${diagnostic.line}`,
    `col=${diagnostic.column}`,
    `title=${escapeProperty(diagnostic.code)}`,
  ].join(',');
  const level = diagnostic.severity === 'error' ? 'error' : 'warning';
  return `::${level} ${properties}::${escapeData(`${diagnostic.message}. hint: ${diagnostic.hint}`)}`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

async function renderText(diagnostics: readonly Diagnostic[]): Promise<string> {
  const color = shouldColor(process.stdout);
  const sources = new Map<string, string | undefined>();
  const out: string[] = [];
  for (const diagnostic of diagnostics) {
    if (!sources.has(diagnostic.file))
      sources.set(diagnostic.file, await readFile(diagnostic.file, 'utf8').catch(() => undefined));
    out.push(formatDiagnostic(diagnostic, { sourceText: sources.get(diagnostic.file), color }));
  }
  return out.map((text) => `${text}\n`).join('');
}

/** `3 errors, 1 warning in 2 files`, or `2 files ok`. */
function summary(files: number, diagnostics: readonly Diagnostic[], errors: number, warnings: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (diagnostics.length === 0) return `${plural(files, 'file')} ok`;
  const parts = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean);
  return `${parts.join(', ')} in ${plural(new Set(diagnostics.map((d) => d.file)).size, 'file')}`;
}
