import type { ProxyContext } from '../proxy/context.js';
import { configOf, type PluginDefinition } from './definition.js';
import { arrays, colonHeaders, colonRenames, colonValues, headers, splitPair, strings } from './transformer-schema.js';

// kong/plugins/request-transformer/{access,schema}.lua (3.9.1): priority 801. For headers, query
// string and body, in this order: remove, rename, replace (only what exists), add (only what does not
// exist), append; then http_method and replace.uri. Bodies are transformed when JSON or
// form-urlencoded. Not imitated: `$(…)` templates in values (sent literally) and multipart bodies.

type Section = { readonly headers: string[]; readonly querystring: string[]; readonly body: string[] };

interface RequestTransformerConfig {
  readonly http_method: string | null;
  readonly remove: Section;
  readonly rename: Section;
  readonly replace: Section & { readonly uri: string | null };
  readonly add: Section;
  readonly append: Section;
}

/** The arguments as an ordered multimap; Kong sorts them by name when it re-encodes them. */
type Args = Map<string, string[]>;

function transformArgs(args: Args, conf: RequestTransformerConfig, section: 'querystring' | 'body'): boolean {
  let changed = false;
  for (const name of conf.remove[section]) changed = args.delete(name) || changed;
  for (const pair of conf.rename[section]) {
    const [from, to] = splitPair(pair);
    const value = args.get(from);
    if (value === undefined) continue;
    args.delete(from);
    args.set(to, value);
    changed = true;
  }
  for (const pair of conf.replace[section]) {
    const [name, value] = splitPair(pair);
    if (!args.has(name)) continue;
    args.set(name, [value]);
    changed = true;
  }
  for (const pair of conf.add[section]) {
    const [name, value] = splitPair(pair);
    if (args.has(name)) continue;
    args.set(name, [value]);
    changed = true;
  }
  for (const pair of conf.append[section]) {
    const [name, value] = splitPair(pair);
    args.set(name, [...(args.get(name) ?? []), value]);
    changed = true;
  }
  return changed;
}

function encodeArgs(args: Args): string {
  const out: string[] = [];
  for (const name of [...args.keys()].sort())
    for (const value of args.get(name) ?? []) out.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return out.join('&');
}

/** The upstream request's current value of a header: a plugin's change, else the client's. */
function currentHeader(ctx: ProxyContext, lower: string): string | undefined {
  const changed = ctx.upstreamHeaders.get(lower);
  if (changed !== undefined) return changed?.[1];
  const value = ctx.req.headers[lower];
  return Array.isArray(value) ? value.join(', ') : value;
}

function transformHeaders(ctx: ProxyContext, conf: RequestTransformerConfig): void {
  for (const name of conf.remove.headers) ctx.setHeader(name, undefined);
  for (const pair of conf.rename.headers) {
    const [from, to] = splitPair(pair);
    const value = currentHeader(ctx, from.toLowerCase());
    if (value === undefined) continue;
    ctx.setHeader(from, undefined);
    ctx.setHeader(to, value);
  }
  for (const pair of conf.replace.headers) {
    const [name, value] = splitPair(pair);
    if (currentHeader(ctx, name.toLowerCase()) !== undefined) ctx.setHeader(name, value);
  }
  for (const pair of conf.add.headers) {
    const [name, value] = splitPair(pair);
    if (currentHeader(ctx, name.toLowerCase()) === undefined) ctx.setHeader(name, value);
  }
  for (const pair of conf.append.headers) {
    // add_header: another value for the same name (sent comma-joined here, one header line).
    const [name, value] = splitPair(pair);
    const existing = currentHeader(ctx, name.toLowerCase());
    ctx.setHeader(name, existing === undefined ? value : `${existing}, ${value}`);
  }
}

function transformQuery(ctx: ProxyContext, conf: RequestTransformerConfig): void {
  const args: Args = new Map();
  for (const [name, value] of ctx.query.pairs) args.set(name, [...(args.get(name) ?? []), value === true ? '' : value]);
  if (transformArgs(args, conf, 'querystring')) ctx.upstreamQuery = encodeArgs(args);
}

const hasBodyWork = (conf: RequestTransformerConfig) =>
  [conf.remove, conf.rename, conf.replace, conf.add, conf.append].some((op) => op.body.length > 0);

async function transformBody(ctx: ProxyContext, conf: RequestTransformerConfig): Promise<undefined> {
  await ctx.body();
  const raw = ctx.upstreamBody?.toString('utf8') ?? '';
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : {};
    } catch {
      return undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    const args: Args = new Map(Object.entries(json).map(([k, v]) => [k, [JSON.stringify(v)]]));
    const before = new Set(args.keys());
    if (!transformArgs(args, conf, 'body')) return undefined;
    // Values the plugin wrote are strings; the untouched ones keep their JSON type.
    const out: Record<string, unknown> = {};
    for (const [name, values] of args) {
      const parsed = values.map((v, i) => (before.has(name) && i === 0 && values.length === 1 ? safeParse(v) : v));
      out[name] = parsed.length === 1 ? parsed[0] : parsed;
    }
    ctx.upstreamBody = Buffer.from(JSON.stringify(out));
  } else if (type.includes('application/x-www-form-urlencoded') || raw === '') {
    const args: Args = new Map();
    for (const [name, value] of new URLSearchParams(raw)) args.set(name, [...(args.get(name) ?? []), value]);
    if (!transformArgs(args, conf, 'body')) return undefined;
    ctx.upstreamBody = Buffer.from(encodeArgs(args));
    if (!type) ctx.setHeader('Content-Type', 'application/x-www-form-urlencoded');
  }
  return undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const section = arrays({ body: strings, headers, querystring: strings });
const colonSection = arrays({ body: colonValues, headers: colonHeaders, querystring: colonValues });

export const requestTransformer: PluginDefinition = {
  priority: 801,
  config: {
    type: 'record',
    required: true,
    fields: {
      http_method: {
        type: 'string',
        validate: (m: string) => (/^[A-Z]+$/.test(m) ? undefined : `invalid value: ${m}`),
      },
      remove: section,
      rename: arrays({ body: colonValues, headers: colonRenames, querystring: colonValues }),
      replace: arrays({ body: colonValues, headers: colonHeaders, querystring: colonValues, uri: { type: 'string' } }),
      add: colonSection,
      append: colonSection,
    },
  },
  checks: [],
  access(ctx, plugin) {
    const conf = configOf<RequestTransformerConfig>(plugin);
    if (conf.http_method) ctx.upstreamMethod = conf.http_method;
    transformHeaders(ctx, conf);
    transformQuery(ctx, conf);
    if (conf.replace.uri) ctx.upstreamPath = conf.replace.uri;
    return hasBodyWork(conf) ? transformBody(ctx, conf) : undefined;
  },
};
