import { isSettled, recordOf, type Earned } from '../engine/model.js';
import type { Lesson, TargetName } from '../lesson/index.js';
import type { LessonProgress, StepRecord } from '../progress/index.js';

/** What saved progress says each step earned, by step id: a LessonRun's `earlier`. */
export function earlierStatuses(progress: LessonProgress | undefined): Record<string, StepRecord['status']> {
  return Object.fromEntries(Object.entries(progress?.steps ?? {}).map(([id, record]) => [id, record.status]));
}

/** The step to resume at: where the learner was, else the first step not settled. */
export function resumeIndex(lesson: Lesson, earned: readonly Earned[], progress: LessonProgress | undefined): number {
  const saved = progress?.currentStep ? lesson.steps.findIndex((step) => step.id === progress.currentStep) : -1;
  if (saved >= 0) return saved;
  const firstOpen = earned.findIndex((status) => !isSettled(status));
  return firstOpen >= 0 ? firstOpen : Math.max(0, lesson.steps.length - 1);
}

/**
 * The progress file's content. Steps keep their record unless this session changed them, so a
 * learner's earlier results survive a session that only looked. `vars` must already be free of
 * secrets (VariableStore.savable()).
 */
export function progressSnapshot(input: {
  readonly lesson: Lesson;
  readonly target: TargetName;
  /** What the engine's fold says each step earned (RunState steps' `earned`). */
  readonly earned: readonly Earned[];
  readonly previous?: LessonProgress;
  readonly stepIndex: number;
  /** When the learner was last on the lesson (default: now); saving on quit must not make it later. */
  readonly visitedAt?: Date;
  readonly vars: Readonly<Record<string, string>>;
  /** Non-secret exports of the steps' commands (LessonRun.exportsToSave().plain); else the previous ones. */
  readonly exports?: Readonly<Record<string, string>>;
  readonly now?: Date;
}): LessonProgress {
  const { lesson, earned, previous } = input;
  const exports = input.exports ?? previous?.exports;
  const now = (input.now ?? new Date()).toISOString();
  const steps: Record<string, StepRecord> = { ...(previous?.steps ?? {}) };
  lesson.steps.forEach((step, index) => {
    const status = recordOf(earned[index] ?? 'pending');
    if (status === undefined) return;
    if (steps[step.id]?.status !== status) steps[step.id] = { status, at: now };
  });
  return {
    version: 1,
    lessonId: lesson.id,
    target: input.target,
    file: lesson.file,
    steps,
    currentStep: lesson.steps[input.stepIndex]?.id,
    lastVisited: (input.visitedAt ?? input.now ?? new Date()).toISOString(),
    vars: { ...input.vars },
    ...(exports && Object.keys(exports).length > 0 ? { exports: { ...exports } } : {}),
  };
}
