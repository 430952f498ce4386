import { environmentSecretNames, resolveSecrets } from '../secret-sources.js';
import { pathWithKongWorkshop } from '../../engine/index.js';
import {
  interpolate,
  InterpolationError,
  parseLessonFile,
  projectLesson,
  SECRET_TARGET_VARIABLES,
  TARGET_VARIABLES,
  type TargetName,
} from '../../lesson/index.js';
import { loadProgress } from '../../progress/index.js';
import { lessonWorkdir } from '../../state/index.js';
import { savedSecretExports, savedSecretsFor } from '../../workshop/index.js';
import { targetFor, TargetError, type TargetSession } from '../../targets/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { fixturesDirFor, resolveLessonFiles } from '../lesson-files.js';
import { targetSettings, type TargetFlags } from '../lesson-options.js';
import { formatEnv, shellKind, type EnvExports } from './format.js';

export interface EnvFlags extends Pick<TargetFlags, 'target' | 'var' | 'secret'> {
  shell?: string;
  lesson?: string;
}

/**
 * `kong-workshop env`: the lesson environment ({{PROXY}}, {{ADMIN}}, the token…) as export lines
 * for the learner's own shell. The target must already be running: an environment that points at
 * a sandbox which stops when this command exits would be a trap.
 */
export async function envCommandAction(flags: EnvFlags): Promise<number> {
  const target: TargetName = (flags.target as TargetName | undefined) ?? 'sandbox';
  const session = await runningTarget(target);
  try {
    const exports = await collect(session, flags.lesson);
    const reveal = !process.stdout.isTTY;
    process.stdout.write(formatEnv(exports, shellKind(flags.shell, process.env.SHELL), reveal));
    return ExitCode.Ok;
  } finally {
    await session.close();
  }
}

async function runningTarget(target: TargetName): Promise<TargetSession> {
  if (target === 'sandbox') {
    const { findRunningSandbox } = await import('@kong-workshop/sandbox');
    if (!(await findRunningSandbox()))
      throw new CliError(
        ExitCode.Fault,
        'no sandbox is running',
        'start it first: kong-workshop sandbox start && eval "$(kong-workshop env)"',
      );
  }
  // The target's own secrets (KONNECT_TOKEN) from the environment, as run and check take them.
  const vars = resolveSecrets({}, await environmentSecretNames([], target, false));
  try {
    return await targetFor(target).prepare({ vars, settings: targetSettings({}), log: () => {} });
  } catch (error) {
    if (error instanceof TargetError) throw new CliError(ExitCode.Fault, error.message, error.hint);
    throw error;
  }
}

async function collect(session: TargetSession, lessonArg: string | undefined): Promise<EnvExports> {
  const vars: Record<string, string> = { KONG_WORKSHOP_TARGET: session.name };
  const secret = new Set<string>();
  for (const name of TARGET_VARIABLES[session.name]) {
    const value = session.vars[name];
    if (value === undefined) continue;
    vars[name] = value;
    if (session.secrets.includes(value) || SECRET_TARGET_VARIABLES.includes(name)) secret.add(name);
  }
  Object.assign(vars, session.env);
  if (lessonArg) {
    const [file] = resolveLessonFiles([lessonArg]);
    const parsed = file ? (await parseLessonFile(file)).lesson : undefined;
    if (!parsed)
      throw new CliError(ExitCode.InvalidLesson, `${lessonArg} does not parse`, `run: kong-workshop lint ${lessonArg}`);
    const lesson = projectLesson(parsed, session.name);
    vars.WORKDIR = lessonWorkdir(lesson.id, session.name);
    vars.FIXTURES = fixturesDirFor(lesson.file);
    // What earlier steps captured or the learner answered: non-secret ones from progress, secret ones from the
    // credential store.
    const load = loadProgress(lesson.id, session.name);
    if (load.status === 'ok') Object.assign(vars, load.progress.vars, load.progress.exports);
    // What the steps' commands exported, as the lesson's own shell has it (secret ones stay masked on a terminal).
    for (const [name, value] of Object.entries(savedSecretExports(lesson.id, session.name))) {
      vars[name] = value;
      secret.add(name);
    }
    // Variables the lesson declares with a default (`DECK_UPSTREAM: "{{UPSTREAM}}"`), as its commands get them.
    for (const spec of lesson.vars) {
      if (spec.secret || spec.default === undefined || vars[spec.name] !== undefined) continue;
      try {
        vars[spec.name] = interpolate(spec.default, (name) => vars[name]);
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
      }
    }
    // Secrets typed for this lesson (its origin), never ones saved for another lesson.
    for (const [name, value] of Object.entries(savedSecretsFor(lesson))) {
      vars[name] = value;
      secret.add(name);
    }
  }
  return { vars, secret, pathDir: pathWithKongWorkshop('') };
}
