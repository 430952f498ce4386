// The one list of targets and the one list of reporters. They live here, in the smallest module,
// so `--help` offers them without loading the lesson or the report module.

export const TARGET_NAMES = ['sandbox', 'kind', 'konnect', 'gateway', 'kind-lab'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export const REPORTER_KINDS = ['text', 'json', 'junit', 'tap', 'html'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/**
 * The one rule for variable names, in lessons and in --var/--secret: upper case letters, digits
 * and _, because every variable is also exported to the shell.
 */
export const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function isTargetName(value: string): value is TargetName {
  return TARGET_NAMES.some((name) => name === value);
}

export function isReporterKind(value: string): value is ReporterKind {
  return REPORTER_KINDS.some((kind) => kind === value);
}
