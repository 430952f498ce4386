import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes.js';
import { validateFormatDestination } from '../../src/cli/output-options.js';

describe('where --format html may go', () => {
  it('goes to --report-file, or to a standard output that is not a terminal', () => {
    expect(() => validateFormatDestination('html', 'report.html', true)).not.toThrow();
    expect(() => validateFormatDestination('html', undefined, false)).not.toThrow();
    expect(() => validateFormatDestination('json', undefined, true)).not.toThrow();
  });

  it('is a usage error on a terminal without --report-file, with both ways to get the page', () => {
    let error: unknown;
    try {
      validateFormatDestination('html', undefined, true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 1, message: '--format html writes a web page, not terminal text' });
    expect(String(error instanceof CliError ? error.hint : '')).toContain('--report-file report.html');
  });
});
