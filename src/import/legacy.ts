import { basename } from 'node:path';
import type { TargetName } from '../lesson/index.js';
import { chunksOf, CommandPageConverter, pageContext } from './command-page.js';
import { splitFrontMatter, type PageResult } from './devdocs.js';
import { parseLiquid, firstArgument, type LiquidNode } from './liquid.js';
import { runFence } from './lesson-writer.js';
import { resolveSiteNames } from './site.js';

/**
 * A docs.konghq.com page (the older site): plain `sh` curls against the Admin API and the proxy,
 * `text` blocks with the responses, `{% navtabs %}`, `{:.note}`. Admin API requests become checks
 * that configure the gateway (they are the steps), proxy requests checks of what comes back.
 */
export function importLegacyPage(
  text: string,
  file: string,
  options: { prefer: string | undefined; modernise: boolean },
): PageResult {
  const { front, body, bodyLine } = splitFrontMatter(text);
  const names = new Set<string>();
  const id =
    basename(file)
      .replace(/\.md$/, '')
      .replace(/^.*__/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'page';
  const title = typeof front.title === 'string' ? resolveSiteNames(front.title, names) : id;
  const wanted: TargetName[] = ['sandbox', 'gateway'];
  const ctx = pageContext(file, wanted, options);
  const flat = flatten(parseLiquid(resolveSiteNames(body, names), bodyLine), options.prefer, ctx.notes);
  const converter = new CommandPageConverter(ctx, title);
  converter.convert(chunksOf(flat, bodyLine));
  const { targets, dropped } = converter.finalTargets(wanted);
  if (converter.shown)
    ctx.notes.push({ line: bodyLine, message: `${converter.shown} command block(s) are shown, not run` });
  return converter.pageResult({
    id,
    targets,
    dropped,
    tools: {},
    introNote: `> Imported from docs.konghq.com (\`${basename(file)}\`).`,
    cleanup: [runFence(['sandbox'], 'kong-workshop sandbox reset')],
  });
}

/** Liquid reduced to markdown: the preferred (or first) navtab of each group, includes reported. */
function flatten(
  nodes: readonly LiquidNode[],
  prefer: string | undefined,
  notes: { line: number; message: string }[],
): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.text;
      if (node.type === 'inline') {
        notes.push({ line: node.line, message: `{% ${node.name} ${node.args} %} has no lesson equivalent; left out` });
        return '';
      }
      if (node.name === 'navtabs') {
        const tabs = node.children.filter(
          (c): c is Extract<LiquidNode, { type: 'block' }> => c.type === 'block' && c.name === 'navtab',
        );
        const labels = tabs.map((t) => firstArgument(t.args));
        const at = prefer ? labels.findIndex((l) => l.toLowerCase() === prefer.toLowerCase()) : -1;
        const picked = tabs[Math.max(at, 0)];
        if (labels.length > 1)
          notes.push({
            line: node.line,
            message: `tabs: imported "${labels[Math.max(at, 0)]}"; ${labels
              .filter((_, i) => i !== Math.max(at, 0))
              .map((l) => `"${l}"`)
              .join(', ')} left out (--prefer picks another)`,
          });
        return picked ? flatten(picked.children, prefer, notes) : '';
      }
      if (node.name === 'comment') return '';
      return flatten(
        node.children.length ? node.children : [{ type: 'text', text: node.body, line: node.line }],
        prefer,
        notes,
      );
    })
    .join('');
}
