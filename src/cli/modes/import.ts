import { ImportInputError, importPages, renderReport } from '../../import/index.js';
import { CliError, ExitCode } from '../exit-codes.js';

export interface ImportFlags {
  readonly site?: string;
  readonly out?: string;
  readonly prefer?: string;
  readonly modernise: boolean;
  readonly format: 'text' | 'json';
}

/**
 * Imports, prints the report, and says by its exit code whether every lesson lints clean
 * (2 when one does not, like `lint`). TODOs are not failures: they are in the report and the lessons.
 */
export async function runImport(source: string, flags: ImportFlags): Promise<number> {
  const result = await importPages(source, flags).catch((error: unknown) => {
    if (error instanceof ImportInputError) throw new CliError(ExitCode.Usage, error.message, error.hint);
    throw error;
  });
  process.stdout.write(renderReport(result.report, flags.format));
  if (!flags.out && flags.format === 'text') process.stdout.write('(no --out: nothing was written)\n');
  return result.report.totals.lintClean === result.report.totals.pages ? ExitCode.Ok : ExitCode.InvalidLesson;
}
