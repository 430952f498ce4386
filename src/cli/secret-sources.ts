import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Lesson, TargetName } from '../lesson/index.js';
import { VARIABLE_NAME } from '../shared/index.js';
import { parseAssignments } from './assignments.js';
import { CliError, ExitCode } from './exit-codes.js';

/** The flags that give secrets; only --secret puts the value itself on the command line (and in `ps`). */
export interface SecretSourceFlags {
  secret?: string[];
  secretEnv?: string[];
  secretFile?: string[];
}

/** A secret file larger than this is not a token: probably the wrong path. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

/**
 * Every secret for a run, from (1) the flags: `--secret-file NAME=PATH`, `--secret-env NAME` or
 * `--secret-env NAME=VARIABLE`, `--secret NAME=VALUE` (one of them per name; a name given twice is a
 * usage error, so no order between flags is ever guessed), then (2) for each name in `fromEnvironment`
 * that no flag gave, the environment variable of the same name. What is given nowhere is left to
 * the lesson: its prompt in the TUI, its default, or a `missing-variable` fault naming these ways.
 * Error messages name flags and variables, never a value.
 */
export function resolveSecrets(
  flags: SecretSourceFlags,
  fromEnvironment: Iterable<string> = [],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  const givenBy = new Map<string, string>();
  const put = (name: string, value: string, flag: string) => {
    const earlier = givenBy.get(name);
    if (earlier)
      throw new CliError(ExitCode.Usage, `${name} is given twice (${earlier} and ${flag})`, 'give each secret once');
    givenBy.set(name, flag);
    secrets[name] = value;
  };

  for (const [name, value] of Object.entries(parseAssignments(flags.secret, '--secret'))) put(name, value, '--secret');
  for (const entry of flags.secretEnv ?? []) {
    const [name = '', variable = name] = entry.split('=', 2);
    checkName(name, '--secret-env', 'KONNECT_TOKEN');
    const value = env[variable];
    if (value === undefined || value === '')
      throw new CliError(
        ExitCode.Usage,
        `--secret-env ${entry}: the environment variable ${variable} is not set`,
        `export ${variable}=… first (or read the value from a file with --secret-file ${name}=PATH)`,
      );
    put(name, value, '--secret-env');
  }
  for (const entry of flags.secretFile ?? []) {
    const match = /^([^=]*)=(.+)$/s.exec(entry);
    if (!match)
      throw new CliError(ExitCode.Usage, `--secret-file expects NAME=PATH, got '${entry}'`, secretFileExample);
    const [, name = '', path = ''] = match;
    checkName(name, '--secret-file', 'KONNECT_TOKEN');
    put(name, readSecretFile(name, path), '--secret-file');
  }
  for (const name of fromEnvironment) {
    const value = env[name];
    if (!givenBy.has(name) && value !== undefined && value !== '') secrets[name] = value;
  }
  return secrets;
}

const secretFileExample = 'for example --secret-file KONNECT_TOKEN=~/.config/konnect/token';

function checkName(name: string, flag: string, example: string): void {
  if (!VARIABLE_NAME.test(name))
    throw new CliError(
      ExitCode.Usage,
      `${flag} ${name || "''"}: variable names are upper case letters, digits and _`,
      `for example ${flag} ${example}`,
    );
}

/**
 * The file's text without its final line break (editors and `echo` add one). Only a regular file,
 * and only a small one: a FIFO would hang the run, and a huge file is not a secret.
 */
function readSecretFile(name: string, path: string): string {
  const fail = (why: string) =>
    new CliError(ExitCode.Usage, `--secret-file ${name}=${path}: ${why}`, secretFileExample);
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once (and is then refused as not a file).
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fail(error instanceof Error && 'code' in error ? `cannot read it (${String(error.code)})` : 'cannot read it');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail('not a regular file');
    if (stat.size > MAX_SECRET_FILE_BYTES) throw fail(`larger than ${MAX_SECRET_FILE_BYTES / 1024} KiB`);
    const buffer = Buffer.alloc(stat.size);
    const read = readSync(fd, buffer, 0, stat.size, 0);
    const value = buffer
      .subarray(0, read)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (value === '') throw fail('the file is empty');
    return value;
  } finally {
    closeSync(fd);
  }
}

/**
 * The names whose same-named environment variable stands in for a flag: the secrets the target
 * asks for (KONNECT_TOKEN), and those the lessons declare, but a lesson's only when it ships with
 * kong-workshop or the user trusts it, so that a lesson from elsewhere cannot name, say,
 * AWS_SECRET_ACCESS_KEY and have it read (such a lesson gets a secret by --secret-env or --secret-file).
 */
export async function environmentSecretNames(
  lessons: readonly Lesson[],
  target: TargetName | undefined,
  trusted: boolean,
): Promise<string[]> {
  const [{ targetFor, availableTargets }, { isBundledLesson }, { declaredVars }] = await Promise.all([
    import('../targets/index.js'),
    import('../trust/index.js'),
    import('../workshop/index.js'),
  ]);
  const targets = target ? [targetFor(target)] : availableTargets();
  const names = targets.flatMap((t) => (t.inputs ?? []).filter((input) => input.secret).map((input) => input.name));
  for (const lesson of lessons)
    if (trusted || isBundledLesson(lesson.file))
      names.push(...declaredVars(lesson).flatMap((spec) => (spec.secret ? [spec.name] : [])));
  return [...new Set(names)];
}
