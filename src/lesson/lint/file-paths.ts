import { posix } from 'node:path';
import type { DiagnosticSink } from '../diagnostics.js';
import type { DraftBlock, LessonDraft } from '../draft.js';
import type { SourcePos } from '../types.js';

// The same token as interpolate.ts: `\{{` is a literal, `{{ NAME }}` a reference.
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// A path that starts at one of the two folders a file block may write to.
const ROOT = /^\{\{\s*(?:WORKDIR|LESSON_DIR)\s*\}\}(?=\/|$)/;

/**
 * A `file=` path with variables is judged as it will be used: with the values the lesson gives
 * its variables (`UP: { default: .. }`), `{{UP}}/{{UP}}/x` leads out of the work folder, and that
 * is an error here. A path whose variables lint cannot know is judged when the step runs.
 */
export function lintFilePaths(draft: LessonDraft, sink: DiagnosticSink): void {
  const blocks: DraftBlock[] = [...draft.steps, ...(draft.cleanup ? [draft.cleanup] : [])].flatMap((s) => s.blocks);
  const defaults = new Map<string, string>();
  for (const spec of [...draft.vars, ...blocks.flatMap((block) => block.declares)])
    if (spec.default !== undefined && !spec.secret && !defaults.has(spec.name)) defaults.set(spec.name, spec.default);
  for (const block of blocks) if (block.filePath) lintPath(block.filePath, defaults, sink);
}

function lintPath(
  written: { path: string; pos: SourcePos },
  defaults: ReadonlyMap<string, string>,
  sink: DiagnosticSink,
) {
  const { path, pos } = written;
  // A path without variables was judged where its attribute was read.
  if (!path.includes('{{')) return;
  const root = ROOT.exec(path);
  const rest = root ? path.slice(root[0].length).replace(/^\/+/, '') : path;
  let unknown = false;
  const filled = rest.replace(TOKEN, (whole, name: string | undefined) => {
    if (name === undefined) return '{{';
    const value = defaults.get(name);
    if (value === undefined) unknown = true;
    return value ?? whole;
  });
  if (unknown) return;
  const normalized = posix.normalize(filled.replaceAll('\\', '/'));
  const outside =
    /^([A-Za-z]:)?\//.test(filled) || normalized === '.' || normalized === '..' || normalized.startsWith('../');
  if (!outside) return;
  sink.error(
    pos,
    'file-outside',
    `file=${path} leads outside the work and lesson folders once its variables are filled in (${filled})`,
    'a file block writes inside {{WORKDIR}} or {{LESSON_DIR}}: use a relative path without .., e.g. file=kong.yaml',
  );
}
