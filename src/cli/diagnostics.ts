import { readFile } from 'node:fs/promises';
import { formatDiagnostic, type Diagnostic } from '../lesson/index.js';
import { shouldColor } from '../report/index.js';

/** Prints lesson diagnostics to stderr with their source lines, then a one-line count. */
export async function printDiagnostics(diagnostics: readonly Diagnostic[]): Promise<void> {
  const sources = new Map<string, string | undefined>();
  for (const file of new Set(diagnostics.map((d) => d.file)))
    sources.set(file, await readFile(file, 'utf8').catch(() => undefined));
  const color = shouldColor(process.stderr);
  for (const diagnostic of diagnostics)
    process.stderr.write(`${formatDiagnostic(diagnostic, { sourceText: sources.get(diagnostic.file), color })}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  process.stderr.write(
    `${errors} error${errors === 1 ? '' : 's'} in ${sources.size} file${sources.size === 1 ? '' : 's'}; nothing was ` +
      `run\n`,
  );
}
