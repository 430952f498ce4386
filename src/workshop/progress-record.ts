import type { RunMode, StepProgress, StepStatus } from '../engine/index.js';
import type { Lesson, TargetName } from '../lesson/index.js';
import type { LessonProgress, StepRecord } from '../progress/index.js';

/**
 * What a finished step has earned, given what it had. Running decides outright. Re-checking can
 * pass or fail a step, but a re-check that found nothing to check (`skipped`) or was stopped
 * (`cancelled`) leaves the step as it was: it proves nothing either way.
 */
export function mergeStepStatus(previous: StepProgress, mode: RunMode | 'skip', status: StepStatus): StepProgress {
  if (mode === 'skip' || mode === 'run') return status;
  if (status === 'skipped' || status === 'cancelled') return previous;
  return status;
}

/** Steps as the saved progress left them, for the steps this lesson has now. */
export function recordedStatuses(lesson: Lesson, progress: LessonProgress | undefined): StepProgress[] {
  return lesson.steps.map((step) => progress?.steps[step.id]?.status ?? 'pending');
}

export const isDone = (status: StepProgress) => status === 'passed' || status === 'skipped';

/** The step to resume at: where the learner was, else the first step not done. */
export function resumeIndex(
  lesson: Lesson,
  statuses: readonly StepProgress[],
  progress: LessonProgress | undefined,
): number {
  const saved = progress?.currentStep ? lesson.steps.findIndex((step) => step.id === progress.currentStep) : -1;
  if (saved >= 0) return saved;
  const firstOpen = statuses.findIndex((status) => !isDone(status));
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
  readonly statuses: readonly StepProgress[];
  readonly previous?: LessonProgress;
  readonly stepIndex: number;
  readonly vars: Readonly<Record<string, string>>;
  readonly now?: Date;
}): LessonProgress {
  const { lesson, statuses, previous } = input;
  const now = (input.now ?? new Date()).toISOString();
  const steps: Record<string, StepRecord> = { ...(previous?.steps ?? {}) };
  lesson.steps.forEach((step, index) => {
    const status = statuses[index];
    if (status === undefined || status === 'pending' || status === 'running') return;
    if (steps[step.id]?.status !== status) steps[step.id] = { status, at: now };
  });
  return {
    version: 1,
    lessonId: lesson.id,
    target: input.target,
    file: lesson.file,
    steps,
    currentStep: lesson.steps[input.stepIndex]?.id,
    lastVisited: now,
    vars: { ...input.vars },
  };
}
