import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseLesson } from '../lesson/index.js';
import { importDevDocsPage, type PageResult } from './devdocs.js';
import { importHugoWorkshop } from './hugo.js';
import { importLegacyPage } from './legacy.js';
import { writeLesson } from './lesson-writer.js';
import { renderTextReport, totalsOf, type ImportReport, type PageReport } from './report.js';
import { findSiteData } from './site.js';

export type { ImportReport, PageReport, ValidationEntry, DroppedTarget, ImportNote, DriftEntry } from './report.js';

export interface ImportOptions {
  /** A developer.konghq.com checkout (its root holds app/); found next to the page when absent. */
  readonly site?: string;
  /** Where lessons are written; nothing is written without it. */
  readonly out?: string;
  /** The tab to import where a page offers a learner's choice (e.g. "Ingress"). */
  readonly prefer?: string;
  /** Rewrite behaviour current Kong no longer has (the drift table) instead of only flagging it. */
  readonly modernise?: boolean;
}

export interface ImportedLesson {
  /** File name under --out. */
  readonly file: string;
  readonly text: string;
  readonly report: PageReport;
}

/** A page or folder the importer cannot read: bad input, reported with a hint. */
export class ImportInputError extends Error {
  readonly code = 'import-input';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ImportInputError';
  }
}

type SourceKind = PageReport['kind'];

/** Which of the three sources a page is, from its own text. */
function detectKind(text: string): SourceKind {
  if (/\{\{<\s*\/?highlight|^title\s+:\s*"|^weight\s*:/m.test(text) && !/^content_type:/m.test(text)) return 'hugo';
  if (
    /^content_type:\s*how_to|\{%\s*(validation|entity_examples?|konnect_api_request|control_plane_request)\b/m.test(
      text,
    ) ||
    /^works_on:/m.test(text)
  )
    return 'developer-docs';
  if (/^content[_-]type:|^book:|^chapter:/m.test(text)) return 'legacy-docs';
  return /\{\{[<%]/.test(text) ? 'hugo' : 'legacy-docs';
}

/**
 * Imports one page, or every page of a folder (a Hugo workshop folder in its order, so page N's
 * set-up is pages 1…N−1), into lessons, lints each one, and writes them when `out` is given.
 */
export async function importPages(
  input: string,
  options: ImportOptions = {},
): Promise<{ lessons: ImportedLesson[]; report: ImportReport }> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new ImportInputError(`${input} does not exist`, 'give a page (*.md) or a folder of pages');
  const files = info.isDirectory() ? await markdownFiles(input) : [input];
  if (files.length === 0)
    throw new ImportInputError(`${input} holds no markdown pages`, 'give a page (*.md) or a folder of pages');
  const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const lessons: ImportedLesson[] = [];
  const hugo = texts.filter((t) => detectKind(t.text) === 'hugo');
  const others = texts.filter((t) => detectKind(t.text) !== 'hugo');
  for (const { file, text } of others) {
    const kind = detectKind(text);
    const common = { prefer: options.prefer, modernise: options.modernise ?? false };
    const result: PageResult =
      kind === 'developer-docs'
        ? importDevDocsPage(text, { ...common, site: findSiteData(file, options.site) })
        : importLegacyPage(text, file, common);
    lessons.push(finish(file, input, kind, result, `${result.id}.md`));
  }
  if (hugo.length) {
    const results = importHugoWorkshop(hugo, { prefer: options.prefer, modernise: options.modernise ?? false });
    for (const [i, result] of results.entries()) {
      lessons.push(
        finish(result.file, input, 'hugo', result.page, `${String(i + 1).padStart(2, '0')}-${result.page.id}.md`),
      );
    }
  }
  if (options.out) {
    await mkdir(options.out, { recursive: true });
    for (const lesson of lessons) await writeFile(join(options.out, lesson.file), lesson.text);
  }
  const pages = lessons.map((l) => l.report);
  return { lessons, report: { pages, totals: totalsOf(pages) } };
}

function finish(file: string, input: string, kind: SourceKind, result: PageResult, lessonFile: string): ImportedLesson {
  const text = writeLesson(result.draft);
  const parsed = parseLesson(text, lessonFile);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const warnings = parsed.diagnostics.filter((d) => d.severity === 'warning');
  const source = relative(resolve(input), resolve(file)) || basename(file);
  const { draft: _draft, ...rest } = result;
  return {
    file: lessonFile,
    text,
    report: {
      ...rest,
      source,
      kind,
      lesson: lessonFile,
      lint: {
        errors: errors.length,
        warnings: warnings.length,
        messages: parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`),
      },
    },
  };
}

const JEKYLL_PARTS = new Set(['_includes', '_layouts', '_data', '_plugins']);

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name, 'en', { numeric: true }),
  )) {
    const path = join(dir, entry.name);
    // A Jekyll site's partials and data are not pages: a page reads them through the site data.
    if (entry.isDirectory() && JEKYLL_PARTS.has(entry.name)) continue;
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md') && !/^readme\.md$/i.test(entry.name)) out.push(path);
  }
  return out;
}

/** The report as text for people, or JSON for tools. */
export function renderReport(report: ImportReport, format: 'text' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderTextReport(report);
}
