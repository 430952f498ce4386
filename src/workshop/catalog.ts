import { relative } from 'node:path';
import { parseLessonFile, projectLesson, type Lesson, type TargetName } from '../lesson/index.js';
import { listProgress, type LessonProgress } from '../progress/index.js';
import type { LessonEntry } from './types.js';

/** A lesson file as the workshop found it: parsed, or with the reason it is not usable. */
export interface CatalogItem {
  readonly file: string;
  readonly lesson?: Lesson;
  readonly problem?: string;
}

/** Parses every lesson file; a file with errors stays in the list, with its first error. */
export async function loadCatalog(files: readonly string[]): Promise<CatalogItem[]> {
  return Promise.all(
    files.map(async (file): Promise<CatalogItem> => {
      try {
        const result = await parseLessonFile(file);
        if (result.lesson) return { file, lesson: result.lesson };
        const first = result.diagnostics.find((d) => d.severity === 'error');
        const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
        const where = first ? `${relative(process.cwd(), first.file) || first.file}:${first.line}:${first.column} ${first.message}` : 'it does not parse';
        return { file, problem: `${errors} error${errors === 1 ? '' : 's'}: ${where} (run kong-workshop lint)` };
      } catch (error) {
        return { file, problem: `cannot read it: ${(error as Error).message}` };
      }
    }),
  );
}

/** The home screen's rows for the active target, with what each lesson's progress file says. */
export function catalogEntries(items: readonly CatalogItem[], target: TargetName, saved: readonly LessonProgress[] = listProgress()): LessonEntry[] {
  const byLesson = new Map(saved.filter((p) => p.target === target).map((p) => [p.lessonId, p]));
  return items.map((item) => {
    if (!item.lesson) {
      return { file: item.file, id: item.file, title: item.file, targets: [], supported: false, stepCount: 0, problem: item.problem };
    }
    const { lesson } = item;
    const supported = lesson.targets.includes(target);
    const steps = supported ? projectLesson(lesson, target).steps : lesson.steps;
    const progress = byLesson.get(lesson.id);
    return {
      file: item.file,
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      durationMs: lesson.durationMs,
      targets: lesson.targets,
      supported,
      stepCount: steps.length,
      progress: progress && supported ? entryProgress(progress, steps.map((step) => step.id)) : undefined,
    };
  });
}

function entryProgress(progress: LessonProgress, stepIds: readonly string[]) {
  let done = 0;
  let failed = 0;
  for (const id of stepIds) {
    const status = progress.steps[id]?.status;
    if (status === 'passed' || status === 'skipped') done++;
    else if (status === 'failed' || status === 'error') failed++;
  }
  return { done, failed, lastVisited: progress.lastVisited };
}
