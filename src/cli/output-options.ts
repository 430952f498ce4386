import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CliError, ExitCode } from './exit-codes.js';

/**
 * One output vocabulary for every command: `--format <kind>` says how, `--report-file <path>` says
 * where a report goes besides the console. The spellings this replaced (`--json`, `-r/--reporter`,
 * `-o/--output`) stay registered, hidden, so that using one fails with the new spelling instead of
 * "unknown option" or, worse, `-o json` silently writing a file named `json`.
 */
export function addFormatOption<K extends string>(
  command: Command,
  kinds: readonly K[],
  description = 'output format',
): Command {
  return command.addOption(new Option('--format <kind>', description).choices([...kinds]).default(kinds[0] ?? 'text'));
}

export function addReportFileOption(command: Command, description: string): Command {
  return command.option('--report-file <path>', description);
}

/** Marks the retired spellings on `command`; `checkRetiredFlags` turns any use into a usage error. */
export function retireOldOutputFlags(command: Command): Command {
  const retired = [
    new Option('--json', 'retired: --format json'),
    new Option('-r, --reporter <kind>', 'retired: --format'),
    new Option('-o, --output <value>', 'retired: --format or --report-file'),
    new Option('--report <kind>', 'retired: --format'),
  ];
  for (const option of retired) command.addOption(option.hideHelp());
  retiredOn.add(command);
  return command;
}

const retiredOn = new WeakSet<Command>();

/** Called before every action: a retired flag ends the run with the spelling that replaced it. */
export function checkRetiredFlags(command: Command): void {
  if (!retiredOn.has(command)) return;
  const opts: Record<string, unknown> = command.opts();
  const formats = formatChoices(command);
  if (opts.json !== undefined) throw retiredError('--json', '--format json');
  if (typeof opts.report === 'string') throw retiredError(`--report ${opts.report}`, `--format ${opts.report}`);
  if (typeof opts.reporter === 'string')
    throw retiredError(`-r/--reporter ${opts.reporter}`, `--format ${opts.reporter}`);
  if (typeof opts.output === 'string') {
    const value = opts.output;
    const replacement = formats.includes(value) ? `--format ${value}` : `--report-file ${value}`;
    throw retiredError(`-o/--output ${value}`, replacement);
  }
}

function formatChoices(command: Command): string[] {
  const format = command.options.find((option) => option.long === '--format');
  return format?.argChoices ?? [];
}

function retiredError(old: string, replacement: string): CliError {
  return new CliError(
    ExitCode.Usage,
    `${old} is no longer supported: use ${replacement}`,
    'one spelling everywhere: --format <kind> for the format, --report-file <path> for a report file',
  );
}

/**
 * A report file must be writable where it is named before any work starts: a folder, or a file in
 * a folder that does not exist, would otherwise fail only after every lesson ran, losing the report.
 */
export function validateReportFile(path: string | undefined): void {
  if (path === undefined) return;
  if (path === '') throw new CliError(ExitCode.Usage, '--report-file needs a file name');
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isDirectory())
    throw new CliError(
      ExitCode.Usage,
      `--report-file ${path} is a folder`,
      `name a file in it, e.g. --report-file ${path.replace(/\/$/, '')}/report.xml`,
    );
  // A missing folder is made now (CI configurations name reports/x.xml in a fresh checkout); one that
  // cannot be made, because a file is in the way or it is not writable, is the usage error.
  const parent = dirname(full);
  try {
    mkdirSync(parent, { recursive: true });
    accessSync(parent, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'not writable';
    throw new CliError(
      ExitCode.Usage,
      `--report-file ${path}: cannot write in ${parent} (${reason})`,
      'name a file in a folder you can write to',
    );
  }
}

/**
 * `--format html` is a page, not terminal text: it goes to `--report-file` (the text report still
 * streams to the console) or to a standard output that is redirected; on a terminal it would bury
 * the run under markup, so it stops before any work with the two ways to get it.
 */
export function validateFormatDestination(
  format: string,
  reportFile: string | undefined,
  stdoutIsTerminal = process.stdout.isTTY === true,
): void {
  if (format !== 'html' || reportFile !== undefined || !stdoutIsTerminal) return;
  throw new CliError(
    ExitCode.Usage,
    '--format html writes a web page, not terminal text',
    'add --report-file report.html (the text report still shows here), or redirect it: > report.html',
  );
}

/** A work folder that exists must be a folder (a new one is created when the lesson runs). */
export function validateWorkdir(path: string | undefined): void {
  if (path === undefined) return;
  if (path === '') throw new CliError(ExitCode.Usage, '--workdir needs a folder');
  const full = resolve(path);
  if (existsSync(full) && !statSync(full).isDirectory())
    throw new CliError(ExitCode.Usage, `--workdir ${path} is a file, not a folder`, 'name a folder (it is created)');
}
