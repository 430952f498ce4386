import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Lesson, TargetName, VarSpec } from '../lesson/index.js';
import { isBundledLesson } from '../trust/index.js';
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

/**
 * Where a lesson's secrets are kept: `bundled` for the lessons that ship together, else the lesson
 * file's real path. A secret typed for one lesson is that lesson's, not every lesson's that names
 * the same variable: a lesson from elsewhere declaring API_TOKEN does not get another's API_TOKEN.
 */
export function lessonOrigin(file: string): string {
  if (isBundledLesson(file)) return 'bundled';
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

const secretKey = (origin: string, name: string) => `lesson:${origin}:${name}`;

function declaredSecretNames(lesson: Lesson): string[] {
  return declaredVars(lesson)
    .filter((spec) => spec.secret)
    .map((spec) => spec.name);
}

/** Secrets typed in earlier sessions for this lesson's origin, for the variables it declares secret. */
export function savedSecretsFor(lesson: Lesson): Record<string, string> {
  const saved = loadCredentials();
  const origin = lessonOrigin(lesson.file);
  return Object.fromEntries(
    declaredSecretNames(lesson).flatMap((name) => {
      const value = saved[secretKey(origin, name)];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/** A value saved for another lesson: used only after a question (TUI) or --reuse-secrets (headless). */
export interface SecretElsewhere {
  readonly value: string;
  /** Whose it is, for the question: a lesson file, the bundled lessons, or an older version's store. */
  readonly from: string;
}

/** This lesson's secrets that have no value of its own but one saved for another lesson (or by name only). */
export function secretsSavedElsewhere(lesson: Lesson): Record<string, SecretElsewhere> {
  const saved = loadCredentials();
  const origin = lessonOrigin(lesson.file);
  const found: Record<string, SecretElsewhere> = {};
  for (const name of declaredSecretNames(lesson)) {
    if (saved[secretKey(origin, name)] !== undefined) continue;
    const other = Object.entries(saved).find(
      ([key]) => key.startsWith('lesson:') && key.endsWith(`:${name}`) && key !== secretKey(origin, name),
    );
    if (other) {
      const owner = other[0].slice('lesson:'.length, -name.length - 1);
      found[name] = { value: other[1], from: owner === 'bundled' ? 'the lessons that ship with kong-workshop' : owner };
    } else if (saved[name] !== undefined) {
      found[name] = { value: saved[name], from: 'an earlier version of kong-workshop, which kept it by name only' };
    }
  }
  return found;
}

/**
 * Keeps the secrets answered at prompts in the credentials store (mode 0600, never in progress
 * files) under the lesson's origin, so resuming does not ask for them again. Values given with
 * --secret are not stored.
 */
export function rememberSecrets(
  lessonFile: string,
  specs: readonly VarSpec[],
  lookup: (name: string) => string | undefined,
  fromFlags: Readonly<Record<string, string>> = {},
): void {
  const saved = loadCredentials();
  const origin = lessonOrigin(lessonFile);
  for (const spec of specs) {
    if (!spec.secret || fromFlags[spec.name] !== undefined) continue;
    const value = lookup(spec.name);
    const key = secretKey(origin, spec.name);
    if (value !== undefined && saved[key] !== value) void saveCredential(key, value).catch(() => undefined);
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
