import type { ResponseHead } from './response-head.js';
import { configOf, type PluginDefinition } from './definition.js';
import { arrays, colonRenames, colonStrings, strings } from './transformer-schema.js';

// kong/plugins/response-transformer/{handler,header_transformer,body_transformer,schema}.lua (3.9.1):
// priority 800. header_filter: remove, rename, replace (only existing), add (only missing), append;
// body_filter on a JSON response (application/json or +json): the same on top-level keys, values cast
// by json_types (number, boolean, string). Kong-generated responses are transformed too.

type JsonType = 'boolean' | 'number' | 'string';
interface Section {
  readonly headers: string[];
  readonly json: string[];
}
interface TypedSection extends Section {
  readonly json_types: JsonType[];
}
interface ResponseTransformerConfig {
  readonly remove: Section;
  readonly rename: Section;
  readonly replace: TypedSection;
  readonly add: TypedSection;
  readonly append: TypedSection;
}

/** iter(): `name:value`, the value absent when empty. */
function pairs(list: readonly string[]): [number, string, string | undefined][] {
  return list.map((entry, i) => {
    const m = /^([^:]+):*(.*)$/.exec(entry);
    return [i, m?.[1] ?? entry, m?.[2] ? m[2] : undefined];
  });
}

function transformHeaders(conf: ResponseTransformerConfig, head: ResponseHead): void {
  const before = new Map(head.headers.map(([n, v]) => [n.toLowerCase(), v]));
  for (const [, name] of pairs(conf.remove.headers)) head.clear(name);
  for (const [, from, to] of pairs(conf.rename.headers)) {
    const value = before.get(from.toLowerCase());
    if (value === undefined || !to) continue;
    head.set(to, value);
    head.clear(from);
  }
  for (const [, name, value] of pairs(conf.replace.headers))
    if (before.has(name.toLowerCase()) && value) head.set(name, value);
  for (const [, name, value] of pairs(conf.add.headers))
    if (!before.has(name.toLowerCase()) && value) head.set(name, value);
  for (const [, name, value] of pairs(conf.append.headers)) if (value !== undefined) head.add(name, value);
  if (hasBodyWork(conf) && isJson(before.get('content-type'))) head.clear('Content-Length');
}

const hasBodyWork = (conf: ResponseTransformerConfig) =>
  [conf.add, conf.rename, conf.remove, conf.replace, conf.append].some((s) => s.json.length > 0);

const isJson = (type: string | undefined): boolean =>
  !!type?.split(',').some((t) => /^\s*application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(t) || /^\s*\*\/\*/.test(t));

/** json_value: the value as a string, or cast to the json_types entry. */
function jsonValue(value: string, type: JsonType | undefined): unknown {
  if (type === 'number') return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

function transformBody(conf: ResponseTransformerConfig, body: Buffer): Buffer {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return body; // "failed parsing json body": logged by Kong, the body goes out untouched
  }
  if (typeof json !== 'object' || json === null) return body;
  const out: Record<string, unknown> = { ...json };
  for (const [, name] of pairs(conf.remove.json)) delete out[name];
  for (const [, from, to] of pairs(conf.rename.json)) {
    if (out[from] === undefined || !to) continue;
    out[to] = out[from];
    delete out[from];
  }
  for (const [i, name, value] of pairs(conf.replace.json))
    if (out[name] !== undefined && out[name] !== false && value !== undefined)
      out[name] = jsonValue(value, conf.replace.json_types[i]);
  for (const [i, name, value] of pairs(conf.add.json))
    if ((out[name] === undefined || out[name] === false) && value !== undefined)
      out[name] = jsonValue(value, conf.add.json_types[i]);
  for (const [i, name, value] of pairs(conf.append.json)) {
    if (value === undefined) continue;
    const v = jsonValue(value, conf.append.json_types[i]);
    const current = out[name];
    out[name] = typeof current === 'string' ? [current, v] : Array.isArray(current) ? [...current, v] : [v];
  }
  return Buffer.from(JSON.stringify(out));
}

const jsonTypes = {
  type: 'array',
  required: true,
  default: [],
  elements: { type: 'string', oneOf: ['boolean', 'number', 'string'] },
} as const;
const typed = arrays({ json: colonStrings, json_types: jsonTypes, headers: colonStrings });

export const responseTransformer: PluginDefinition = {
  priority: 800,
  config: {
    type: 'record',
    required: true,
    fields: {
      remove: arrays({ json: strings, headers: strings }),
      rename: arrays({ json: colonStrings, headers: colonRenames }),
      replace: typed,
      add: typed,
      append: typed,
    },
  },
  checks: [],
  access(ctx, plugin) {
    const conf = configOf<ResponseTransformerConfig>(plugin);
    const body = hasBodyWork(conf);
    ctx.addFilter({
      header: (head) => transformHeaders(conf, head),
      ...(body
        ? {
            body: (head: ResponseHead, raw: Buffer) =>
              isJson(head.get('content-type')) ? transformBody(conf, raw) : raw,
          }
        : {}),
    });
    return undefined;
  },
};
