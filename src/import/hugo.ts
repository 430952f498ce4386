import { basename, dirname } from 'node:path';
import type { TargetName } from '../lesson/index.js';
import { chunksOf, CommandPageConverter, pageContext } from './command-page.js';
import { splitFrontMatter, type PageResult } from './devdocs.js';

export interface HugoOptions {
  readonly prefer: string | undefined;
  readonly modernise: boolean;
}

/** Workshop pages come in `weight` order (then path), chapter indexes first: page N builds on 1…N−1. */
function order(pages: readonly { file: string; text: string }[]): { file: string; text: string; weight: number }[] {
  return pages
    .map((p) => {
      const weight = Number(/^weight\s*:\s*(\d+)/m.exec(p.text)?.[1] ?? Number.NaN);
      return { ...p, weight };
    })
    .sort((a, b) => {
      const da = dirname(a.file);
      const db = dirname(b.file);
      if (da !== db && (db.startsWith(`${da}/`) || da.startsWith(`${db}/`))) return da.length - db.length;
      if (da !== db) return da.localeCompare(db, 'en', { numeric: true });
      const ia = basename(a.file).startsWith('_index') ? 0 : 1;
      const ib = basename(b.file).startsWith('_index') ? 0 : 1;
      if (ia !== ib) return ia - ib;
      if (!Number.isNaN(a.weight) && !Number.isNaN(b.weight) && a.weight !== b.weight) return a.weight - b.weight;
      return a.file.localeCompare(b.file, 'en', { numeric: true });
    });
}

function idOf(file: string, used: Set<string>): string {
  const name = basename(file).replace(/\.en\.md$|\.md$/, '');
  const base = name.startsWith('_index') || name === 'index' ? basename(dirname(file)) : name;
  let id =
    base
      .replace(/^[\d]+-/, '')
      .replace(/^.*__/, '')
      .replace(/^[\d]+-/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'page';
  while (used.has(id)) id = `${id}-2`;
  used.add(id);
  return id;
}

/** A Hugo workshop (or one page of it) as ordered lessons. */
export function importHugoWorkshop(
  pages: readonly { file: string; text: string }[],
  options: HugoOptions,
): { file: string; page: PageResult }[] {
  const used = new Set<string>();
  return order(pages).map(({ file, text }) => ({ file, page: importHugoPage(file, text, options, idOf(file, used)) }));
}

function importHugoPage(file: string, text: string, options: HugoOptions, id: string): PageResult {
  const { front, body, bodyLine } = splitFrontMatter(text);
  const title = typeof front.title === 'string' ? front.title.trim() : id;
  const wanted: TargetName[] = ['sandbox', 'konnect'];
  const ctx = pageContext(file, wanted, options);
  const converter = new CommandPageConverter(ctx, title);
  // Commented-out commands are the author's notes, not steps; lines are kept so page lines stay right.
  const comments = [...body.matchAll(/<!--[\s\S]*?-->/g)];
  for (const c of comments)
    if (/\n/.test(c[0]))
      ctx.notes.push({
        line: bodyLine + body.slice(0, c.index).split('\n').length - 1,
        message: 'an HTML comment (commented-out commands) is left out',
      });
  const uncommented = body.replace(/<!--[\s\S]*?-->/g, (c) => '\n'.repeat(c.split('\n').length - 1));
  converter.convert(chunksOf(uncommented, bodyLine));
  const { targets, dropped } = converter.finalTargets(wanted);
  if (converter.shown)
    ctx.notes.push({
      line: bodyLine,
      message:
        `${converter.shown} command block(s) are shown, not run (they need the workshop's own cluster or ` +
        `cloud account)`,
    });
  const todos = ctx.validations.filter((v) => v.outcome === 'todo').length;
  const todoNote = todos
    ? ` ${todos} expected output${todos > 1 ? 's' : ''} could not be turned into checks and ` +
      `${todos > 1 ? 'are' : 'is'} marked **TODO** with ${todos > 1 ? 'their' : 'its'} page line.`
    : '';
  return converter.pageResult({
    id,
    targets,
    dropped,
    tools: Object.fromEntries(Object.entries(ctx.tools).map(([t, set]) => [t, [...(set ?? [])].sort()])),
    introNote: `> Imported from a Kong workshop page (\`${basename(file)}\`).${todoNote}`,
    cleanup: [],
  });
}
