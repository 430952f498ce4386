/**
 * Just enough of Liquid to read a developer.konghq.com page: block tags (`{% validation x %}…
 * {% endvalidation %}`), nested blocks (`navtabs` › `navtab`), and inline tags (`include`,
 * `new_in`). Nothing is evaluated here; the converter decides what each tag means.
 */

export type LiquidNode =
  | { readonly type: 'text'; readonly text: string; readonly line: number }
  | { readonly type: 'inline'; readonly name: string; readonly args: string; readonly line: number }
  | {
      readonly type: 'block';
      readonly name: string;
      readonly args: string;
      /** The raw text between the opening and the closing tag. */
      readonly body: string;
      /** The body parsed again, for blocks whose content is markdown (navtab, capture…). */
      readonly children: readonly LiquidNode[];
      readonly line: number;
    };

/** Blocks whose body is data or verbatim text (YAML payloads, tables, diagrams), never parsed as markdown again. */
const OPAQUE_BLOCK_TAGS = new Set([
  'raw',
  'comment',
  'validation',
  'entity_examples',
  'entity_example',
  'konnect_api_request',
  'control_plane_request',
  'http_request',
  'konnect_crd',
  'on_prem_crd',
  'httproute',
  'env_variables',
  'mermaid',
  'table',
]);

/** Tags that open a block closed by `end<name>`. Everything else is an inline tag. */
const BLOCK_TAGS = new Set([
  ...OPAQUE_BLOCK_TAGS,
  'navtabs',
  'navtab',
  'konnect',
  'on_prem',
  'capture',
  'operator_podtemplatespec_example',
  'if',
  'unless',
  'if_version',
  'feature_table',
  'plugin_example',
]);

const TAG = /\{%-?\s*([a-zA-Z_]+)([\s\S]*?)-?%\}/g;

interface Tag {
  readonly name: string;
  readonly args: string;
  readonly start: number;
  readonly end: number;
}

/** Splits `text` into text, inline tags and blocks. `firstLine` is the page line of `text`'s start. */
export function parseLiquid(text: string, firstLine = 1): LiquidNode[] {
  const tags: Tag[] = [];
  for (const match of text.matchAll(TAG)) {
    tags.push({
      name: match[1] ?? '',
      args: (match[2] ?? '').trim(),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  const lineAt = (offset: number) => firstLine + countLines(text, offset);
  const nodes: LiquidNode[] = [];
  let cursor = 0;
  let i = 0;
  while (i < tags.length) {
    const tag = tags[i]!;
    if (tag.start < cursor) {
      i++;
      continue;
    }
    if (tag.start > cursor) nodes.push({ type: 'text', text: text.slice(cursor, tag.start), line: lineAt(cursor) });
    if (BLOCK_TAGS.has(tag.name)) {
      const close = findClose(tags, i, tag.name);
      if (close === undefined) {
        // An unclosed block is kept as text so nothing disappears; the converter reports it.
        nodes.push({ type: 'inline', name: tag.name, args: tag.args, line: lineAt(tag.start) });
        cursor = tag.end;
        i++;
        continue;
      }
      const closing = tags[close]!;
      const body = text.slice(tag.end, closing.start);
      const bodyLine = lineAt(tag.end);
      const parseInside = !OPAQUE_BLOCK_TAGS.has(tag.name);
      nodes.push({
        type: 'block',
        name: tag.name,
        args: tag.args,
        body,
        children: parseInside ? parseLiquid(body, bodyLine) : [],
        line: lineAt(tag.start),
      });
      cursor = closing.end;
      i = close + 1;
    } else {
      nodes.push({ type: 'inline', name: tag.name, args: tag.args, line: lineAt(tag.start) });
      cursor = tag.end;
      i++;
    }
  }
  if (cursor < text.length) nodes.push({ type: 'text', text: text.slice(cursor), line: lineAt(cursor) });
  return nodes;
}

function findClose(tags: readonly Tag[], open: number, name: string): number | undefined {
  let depth = 0;
  for (let j = open + 1; j < tags.length; j++) {
    const tag = tags[j]!;
    if (tag.name === name) depth++;
    else if (tag.name === `end${name}`) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return undefined;
}

function countLines(text: string, offset: number): number {
  let lines = 0;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) lines++;
  return lines;
}

/** The first quoted or bare word of a tag's arguments: `navtab "Gateway API" slug=x` → `Gateway API`. */
export function firstArgument(args: string): string {
  const match = /^\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(args);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : '';
}
