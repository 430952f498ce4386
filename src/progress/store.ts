import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StepStatus } from '../engine/index.js';
import type { TargetName } from '../lesson/index.js';
import {
  readJsonFile,
  setAsideCorruptFile,
  statePaths,
  sweepTemporaryFiles,
  writeFileAtomically,
} from '../state/index.js';

export interface StepRecord {
  readonly status: StepStatus;
  readonly at: string;
}

/** What a learner earned in one lesson on one target. Never holds a secret. */
export interface LessonProgress {
  readonly version: 1;
  readonly lessonId: string;
  readonly target: TargetName;
  readonly file: string;
  /** Step id → last outcome. */
  readonly steps: Readonly<Record<string, StepRecord>>;
  /** The step the learner was on, to resume there. */
  readonly currentStep?: string;
  readonly lastVisited: string;
  /** Non-secret values the learner typed or a step captured. */
  readonly vars: Readonly<Record<string, string>>;
  /** Non-secret variables the steps' commands exported (secret ones go to the credential store). */
  readonly exports?: Readonly<Record<string, string>>;
}

export type ProgressLoad =
  | { readonly status: 'new' }
  | { readonly status: 'ok'; readonly progress: LessonProgress }
  /** The file was unreadable; it was moved to `backup` and progress starts afresh. */
  | { readonly status: 'reset'; readonly backup: string; readonly reason: string };

const fileFor = (lessonId: string, target: TargetName) => join(statePaths().progressDir, `${lessonId}@${target}.json`);

export function loadProgress(lessonId: string, target: TargetName): ProgressLoad {
  const path = fileFor(lessonId, target);
  const read = readJsonFile<LessonProgress>(path);
  if (read.status === 'missing') return { status: 'new' };
  if (read.status === 'ok' && isProgress(read.value)) return { status: 'ok', progress: read.value };
  const reason = read.status === 'corrupt' ? read.error : 'it is not a progress file this version understands';
  try {
    return { status: 'reset', backup: setAsideCorruptFile(path), reason };
  } catch {
    // Not a file that can be moved (the folder is a file, or unreadable): start afresh; saving there
    // fails too, and says so plainly.
    return { status: 'new' };
  }
}

let swept = false;

/** Saved after every step, atomically: a crash or kill never leaves half a file. */
export async function saveProgress(progress: LessonProgress): Promise<void> {
  if (!swept) {
    swept = true;
    // A run killed mid-save leaves its temporary file beside the progress file; the first save sweeps them.
    sweepTemporaryFiles(statePaths().progressDir);
    sweepTemporaryFiles(statePaths().stateDir);
  }
  await writeFileAtomically(fileFor(progress.lessonId, progress.target), `${JSON.stringify(progress, null, 2)}\n`);
}

/** Every saved progress file, for the home screen; unreadable ones are left for loadProgress to handle. */
export function listProgress(): LessonProgress[] {
  let names: string[];
  try {
    names = readdirSync(statePaths().progressDir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const read = readJsonFile<LessonProgress>(join(statePaths().progressDir, name));
    return read.status === 'ok' && isProgress(read.value) ? [read.value] : [];
  });
}

export function emptyProgress(lessonId: string, target: TargetName, file: string): LessonProgress {
  return { version: 1, lessonId, target, file, steps: {}, lastVisited: new Date().toISOString(), vars: {} };
}

function isProgress(value: unknown): value is LessonProgress {
  const v = value as LessonProgress;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.lessonId === 'string' &&
    typeof v.steps === 'object' &&
    v.steps !== null &&
    typeof v.vars === 'object'
  );
}
