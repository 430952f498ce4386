import type { ClassModel } from './model.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CSV_COLUMNS = [
  'learner',
  'lesson',
  'lesson_title',
  'step',
  'step_title',
  'status',
  'attempts',
  'time_on_step_s',
  'failing_check',
  'first_failing_expectation',
] as const;

/**
 * Per learner: lessons, each step's status, attempts and time on it, and for a step still
 * failing the check and expectation it fails on. Names only, never ids or addresses.
 */
export function formatExport(model: ClassModel, format: ExportFormat, now: number): string {
  const rows = model.exportRows();
  if (format === 'csv') {
    const lines = rows.map((row) =>
      [
        row.learner,
        row.lessonId,
        row.lessonTitle,
        row.stepId,
        row.stepTitle,
        row.status,
        String(row.attempts),
        (row.timeOnStepMs / 1000).toFixed(1),
        row.failingCheck,
        row.failingExpectation,
      ]
        .map(csvField)
        .join(','),
    );
    return `${[CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
  }
  const learners = [...model.learners.values()].map((learner) => {
    const mine = rows.filter((row) => row.learnerId === learner.id);
    const lessonIds = [...new Set(mine.map((row) => row.lessonId))];
    return {
      name: learner.name,
      joinedAt: new Date(learner.joinedAt).toISOString(),
      lessons: lessonIds.map((lessonId) => {
        const steps = mine.filter((row) => row.lessonId === lessonId);
        const count = (status: string) => steps.filter((row) => row.status === status).length;
        return {
          id: lessonId,
          title: steps[0]?.lessonTitle ?? lessonId,
          passed: count('passed'),
          failed: count('failed') + count('error'),
          skipped: count('skipped'),
          steps: steps.map((row) => ({
            id: row.stepId,
            title: row.stepTitle,
            status: row.status,
            attempts: row.attempts,
            timeOnStepSeconds: Math.round(row.timeOnStepMs / 100) / 10,
            ...(row.failingCheck
              ? { failingCheck: row.failingCheck, firstFailingExpectation: row.failingExpectation }
              : {}),
          })),
        };
      }),
    };
  });
  const document = { class: model.settings.name, exportedAt: new Date(now).toISOString(), learners };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** RFC 4180, and a leading = + - @ neutralised so a spreadsheet never runs a learner's name as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
