import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { loadDeclarative } from '../declarative/load.js';
import { asConfigObject, type ParsedConfig, parseDeclarativeText } from '../declarative/parse.js';
import { ENTITY_TYPES } from '../schema/entities.js';
import type { Store } from '../store/store.js';
import { readAdminBody, sendJson, type AdminReply } from './http.js';

/** The hash Kong reports before any configuration is loaded. */
export const EMPTY_CONFIG_HASH = '00000000000000000000000000000000';

export interface ConfigState {
  hash: string;
}

const truthy = (value: string | null) => value !== null && ['true', '1', 'on', 'yes'].includes(value.toLowerCase());

/** `POST /config` and `GET /config`, as Kong DB-less answers them (kong/api/routes/config.lua). */
export async function handleConfig(
  store: Store,
  state: ConfigState,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  reply: AdminReply,
): Promise<void> {
  const send = (status: number, body?: unknown) => sendJson(res, status, body, reply);
  if (req.method === 'GET') return send(200, { config: exportConfig(store) });
  if (req.method !== 'POST') return send(405, { message: 'Method not allowed' });

  const body = await readAdminBody(req);
  if (body.kind === 'bad-json') return send(400, { message: 'Cannot parse JSON body' });
  if (body.kind === 'unsupported') return send(415);
  const flatten = truthy(query.get('flatten_errors'));
  const checkHash = query.get('check_hash') === '1';

  // The body is the config itself, or carries it as a `config` string, or is raw YAML/JSON.
  let parsed: ParsedConfig;
  let source: string;
  if (body.values._format_version !== undefined) {
    parsed = asConfigObject(body.values);
    source = JSON.stringify(body.values);
  } else if (typeof body.values.config === 'string') {
    source = body.values.config;
    parsed = parseDeclarativeText(source);
  } else if (body.raw.length > 0) {
    source = body.raw.toString('utf8');
    parsed = parseDeclarativeText(source);
  } else {
    return send(400, { message: 'expected a declarative configuration' });
  }
  if (!parsed.ok) return send(400, parsed.error);
  const hash = createHash('md5').update(source).digest('hex');
  if (checkHash && hash === state.hash) return send(304);

  const loaded = loadDeclarative(parsed.value, { flattenErrors: flatten });
  if (!loaded.ok) return send(400, loaded.error);
  store.replace(loaded.snapshot);
  state.hash = hash;
  const out: Record<string, Record<string, unknown>> = {};
  for (const type of ENTITY_TYPES) {
    if (loaded.snapshot[type].length) out[type] = Object.fromEntries(loaded.snapshot[type].map((e) => [e.id, e]));
  }
  send(201, out);
}

/** The current configuration as a declarative YAML document (flat, references by id). */
function exportConfig(store: Store): string {
  const snapshot = store.snapshot();
  const document: Record<string, unknown> = { _format_version: '3.0', _transform: false };
  for (const type of ENTITY_TYPES) {
    if (!snapshot[type].length) continue;
    document[type] = snapshot[type].map((entity) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(entity)) {
        if (value === null) continue;
        out[key] =
          typeof value === 'object' &&
          !Array.isArray(value) &&
          'id' in (value as object) &&
          Object.keys(value as object).length === 1
            ? (value as { id: string }).id
            : value;
      }
      return out;
    });
  }
  return toYaml(document);
}
