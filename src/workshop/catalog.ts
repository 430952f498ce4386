import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { earnedFromRecord, hasPassed } from '../engine/model.js';
import type { LessonMeta, ParseResult, TargetName } from '../lesson/index.js';
import { listProgress, type LessonProgress } from '../progress/index.js';
import { readJsonFile, statePaths, writeFileAtomically } from '../state/index.js';
import type { LessonEntry } from './types.js';
import { errorMessage } from '../shared/index.js';

/**
 * What the home screen needs of a lesson file: its metadata and how many steps it has on each
 * target, or why it cannot be opened. The full lesson is parsed again when it is opened.
 */
export interface CatalogItem {
  readonly file: string;
  readonly meta?: Pick<LessonMeta, 'id' | 'title' | 'summary' | 'durationMs' | 'targets' | 'tools'>;
  /** The ids of the lesson's steps on each of its targets. */
  readonly steps?: Readonly<Partial<Record<TargetName, readonly string[]>>>;
  readonly problem?: string;
}

interface CacheFile {
  readonly version: 1;
  readonly entries: Readonly<
    Record<string, { readonly mtimeMs: number; readonly size: number; readonly item: CatalogItem }>
  >;
}

const cacheFile = () => join(statePaths().stateDir, 'catalog-cache.json');

/**
 * The lessons for the home screen. Parsing means loading the lesson parser (marked, yaml, zod)
 * and reading every file, which is most of what stands between `kong-workshop` and its first
 * frame; so each file's summary is kept by path, size and modification time, and only files
 * that changed are parsed again.
 */
export async function loadCatalog(files: readonly string[]): Promise<CatalogItem[]> {
  const cache = readCache();
  const fresh: Record<string, CacheFile['entries'][string]> = {};
  let parsed = false;
  const items = await Promise.all(
    files.map(async (file): Promise<CatalogItem> => {
      let stamp: { mtimeMs: number; size: number };
      try {
        const stat = statSync(file);
        stamp = { mtimeMs: stat.mtimeMs, size: stat.size };
      } catch (error) {
        return { file, problem: `cannot read it: ${errorMessage(error)}` };
      }
      const cached = cache.entries[file];
      if (cached && cached.mtimeMs === stamp.mtimeMs && cached.size === stamp.size) {
        fresh[file] = cached;
        return cached.item;
      }
      parsed = true;
      const item = await parseItem(file);
      fresh[file] = { ...stamp, item };
      return item;
    }),
  );
  if (parsed)
    await writeFileAtomically(
      cacheFile(),
      `${JSON.stringify({ version: 1, entries: { ...cache.entries, ...fresh } })}\n`,
    ).catch(() => undefined);
  return items;
}

/** Parses a lesson file into its catalog item, or says why it cannot be used. */
async function parseItem(file: string): Promise<CatalogItem> {
  const { parseLessonFile } = await import('../lesson/index.js');
  try {
    return catalogItem(file, await parseLessonFile(file));
  } catch (error) {
    return { file, problem: `cannot read it: ${errorMessage(error)}` };
  }
}

/** A parsed lesson (or its first error) as the home screen lists it. */
export async function catalogItem(file: string, result: ParseResult): Promise<CatalogItem> {
  const { projectLesson } = await import('../lesson/index.js');
  const lesson = result.lesson;
  if (lesson) {
    const steps = Object.fromEntries(
      lesson.targets.map((target) => [target, projectLesson(lesson, target).steps.map((step) => step.id)]),
    );
    const { id, title, summary, durationMs, targets, tools } = lesson;
    return { file, meta: { id, title, summary, durationMs, targets, tools }, steps };
  }
  return { file, problem: firstProblem(result) };
}

function firstProblem(result: ParseResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first
    ? `${relative(process.cwd(), first.file) || first.file}:${first.line}:${first.column} ${first.message}`
    : 'it does not parse';
  return `${errors.length} error${errors.length === 1 ? '' : 's'}: ${where} (run kong-workshop lint)`;
}

function readCache(): CacheFile {
  const read = readJsonFile<CacheFile>(cacheFile());
  return read.status === 'ok' &&
    read.value?.version === 1 &&
    typeof read.value.entries === 'object' &&
    read.value.entries !== null
    ? read.value
    : { version: 1, entries: {} };
}

/** The home screen's rows for the active target, with what each lesson's progress file says. */
export function catalogEntries(
  items: readonly CatalogItem[],
  target: TargetName,
  saved: readonly LessonProgress[] = listProgress(),
): LessonEntry[] {
  const byLesson = new Map(saved.filter((p) => p.target === target).map((p) => [p.lessonId, p]));
  return items.map((item) => {
    const meta = item.meta;
    if (!meta)
      return {
        file: item.file,
        id: item.file,
        title: item.file,
        targets: [],
        supported: false,
        stepCount: 0,
        problem: item.problem,
      };
    const supported = meta.targets.includes(target);
    const stepIds = item.steps?.[target] ?? item.steps?.[meta.targets[0]!] ?? [];
    const progress = byLesson.get(meta.id);
    return {
      file: item.file,
      id: meta.id,
      title: meta.title,
      summary: meta.summary,
      durationMs: meta.durationMs,
      targets: meta.targets,
      supported,
      stepCount: stepIds.length,
      progress: progress && supported ? entryProgress(progress, stepIds) : undefined,
    };
  });
}

function entryProgress(progress: LessonProgress, stepIds: readonly string[]) {
  let passed = 0;
  let skipped = 0;
  let failed = 0;
  for (const id of stepIds) {
    const earned = earnedFromRecord(progress.steps[id]?.status);
    if (hasPassed(earned)) passed++;
    else if (earned === 'skipped') skipped++;
    else if (earned === 'failed' || earned === 'error') failed++;
  }
  return { passed, skipped, failed, lastVisited: progress.lastVisited };
}
