import type { Lesson, TargetName, VarSpec } from '../lesson/index.js';
import { credentialsUnder, loadCredentials, replaceCredentials, saveCredential } from '../progress/index.js';

/** Every variable the lesson declares: front matter, then each step's `vars` blocks. */
export function declaredVars(lesson: Lesson, upToStep = lesson.steps.length - 1): VarSpec[] {
  return [
    ...lesson.vars,
    ...lesson.steps
      .slice(0, upToStep + 1)
      .flatMap((step) => step.blocks.flatMap((block) => (block.type === 'vars' ? block.vars : []))),
  ];
}

/** Secrets typed in earlier sessions, for the variables this lesson declares secret (and no others). */
export function savedSecretsFor(lesson: Lesson): Record<string, string> {
  const names = new Set(
    declaredVars(lesson)
      .filter((spec) => spec.secret)
      .map((spec) => spec.name),
  );
  return Object.fromEntries(Object.entries(loadCredentials()).filter(([name]) => names.has(name)));
}

/**
 * Keeps the secrets answered at prompts in the credentials store (mode 0600, never in progress
 * files), so resuming does not ask for them again. Values given with --secret are not stored.
 */
export function rememberSecrets(
  specs: readonly VarSpec[],
  lookup: (name: string) => string | undefined,
  fromFlags: Readonly<Record<string, string>> = {},
): void {
  const saved = loadCredentials();
  for (const spec of specs) {
    if (!spec.secret || fromFlags[spec.name] !== undefined) continue;
    const value = lookup(spec.name);
    if (value !== undefined && saved[spec.name] !== value) void saveCredential(spec.name, value).catch(() => undefined);
  }
}

/** Where a lesson's secret exports live in the credential store. */
const exportsPrefix = (lessonId: string, target: TargetName) => `export:${lessonId}@${target}:`;

/** What the lesson's commands exported that holds a secret, as its last step left it. */
export function savedSecretExports(lessonId: string, target: TargetName): Record<string, string> {
  return credentialsUnder(exportsPrefix(lessonId, target));
}

/** Keeps a lesson's secret exports in the credential store (never in progress), replacing the last set. */
export function rememberSecretExports(
  lessonId: string,
  target: TargetName,
  values: Readonly<Record<string, string>>,
): Promise<void> {
  return replaceCredentials(exportsPrefix(lessonId, target), values);
}
