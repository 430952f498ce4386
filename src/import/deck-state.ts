/**
 * The running declarative state of a page: every `{% entity_examples %}` (and a deck-format
 * `{% entity_example %}`) merged in order, so each step can sync the whole configuration so far
 * and checks can read what is configured (a rate limit's numbers, a consumer's key).
 */
export type DeckState = Record<string, unknown> & { _format_version: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function emptyDeckState(): DeckState {
  return { _format_version: '3.0' };
}

/** deck matches entities by name; plugins by name and the scope they sit on. */
function keyOf(section: string, entity: Record<string, unknown>): string | undefined {
  if (section === 'plugins')
    return ['name', 'instance_name', 'service', 'route', 'consumer', 'consumer_group']
      .map((f) => JSON.stringify(entity[f] ?? null))
      .join('|');
  const key = entity.name ?? entity.username ?? entity.key ?? entity.target ?? entity.id;
  return typeof key === 'string' ? key : undefined;
}

/** Merges a fragment (a deck file's sections) into the state: same key replaces, new appends. */
export function mergeDeck(state: DeckState, fragment: Record<string, unknown>): DeckState {
  const next: DeckState = structuredClone(state);
  for (const [section, value] of Object.entries(fragment)) {
    if (section.startsWith('_')) continue;
    if (!Array.isArray(value)) continue;
    const list = Array.isArray(next[section]) ? (next[section] as unknown[]) : [];
    for (const item of value) {
      if (!isRecord(item)) continue;
      const key = keyOf(section, item);
      const at = key === undefined ? -1 : list.findIndex((e) => isRecord(e) && keyOf(section, e) === key);
      if (at >= 0) list[at] = mergeEntity(list[at] as Record<string, unknown>, item);
      else list.push(structuredClone(item));
    }
    next[section] = list;
  }
  return next;
}

/** Nested lists (a consumer's credentials, a service's routes) merge the same way as sections. */
function mergeEntity(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(after)) {
    if (Array.isArray(value) && Array.isArray(before[field]) && value.every(isRecord)) {
      out[field] =
        (mergeDeck({ _format_version: '3.0', [field]: before[field] }, { [field]: value })[field] as unknown[]) ??
        value;
    } else out[field] = structuredClone(value);
  }
  return out;
}

export interface RateLimitFacts {
  readonly plugin: string;
  /** Window name (Second, Minute, Hour…) → limit, for the rate-limiting plugin. */
  readonly windows: readonly { readonly name: string; readonly seconds: number; readonly limit: number }[];
  readonly message: string;
  readonly status: number;
}

const WINDOWS: readonly [string, number][] = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
  ['month', 2592000],
  ['year', 31536000],
];

interface PluginAt {
  readonly plugin: Record<string, unknown>;
  readonly consumer?: string;
  readonly consumerGroup?: string;
}

function allPlugins(state: DeckState): PluginAt[] {
  const out: PluginAt[] = [];
  const push = (list: unknown, scope: Omit<PluginAt, 'plugin'>) => {
    if (Array.isArray(list))
      for (const p of list)
        if (isRecord(p))
          out.push({
            plugin: p,
            ...scope,
            ...(typeof p.consumer === 'string' ? { consumer: p.consumer } : {}),
            ...(typeof p.consumer_group === 'string' ? { consumerGroup: p.consumer_group } : {}),
          });
  };
  push(state.plugins, {});
  for (const section of ['services', 'routes']) {
    for (const entity of Array.isArray(state[section]) ? (state[section] as unknown[]) : []) {
      if (!isRecord(entity)) continue;
      push(entity.plugins, {});
      if (Array.isArray(entity.routes)) for (const r of entity.routes) if (isRecord(r)) push(r.plugins, {});
    }
  }
  for (const c of Array.isArray(state.consumers) ? (state.consumers as unknown[]) : [])
    if (isRecord(c)) push(c.plugins, { consumer: String(c.username ?? c.custom_id ?? '') });
  for (const g of Array.isArray(state.consumer_groups) ? (state.consumer_groups as unknown[]) : [])
    if (isRecord(g)) push(g.plugins, { consumerGroup: String(g.name ?? '') });
  return out;
}

/** The consumer a key belongs to, and the consumer's groups. */
function consumerOfKey(state: DeckState, key: string | undefined): { username?: string; groups: string[] } {
  if (!key) return { groups: [] };
  for (const c of Array.isArray(state.consumers) ? (state.consumers as unknown[]) : []) {
    if (!isRecord(c)) continue;
    const creds = Array.isArray(c.keyauth_credentials) ? c.keyauth_credentials : [];
    if (creds.some((k) => isRecord(k) && k.key === key)) {
      const groups = Array.isArray(c.groups) ? c.groups.map((g) => (isRecord(g) ? String(g.name) : String(g))) : [];
      return { username: typeof c.username === 'string' ? c.username : undefined, groups };
    }
  }
  return { groups: [] };
}

/**
 * The rate limit a request with this API key meets: a consumer's own plugin first, then its
 * group's, then one on a route, service or globally (Kong's precedence, simplified to what pages do).
 */
export function rateLimitFor(state: DeckState, apiKey: string | undefined): RateLimitFacts | undefined {
  const plugins = allPlugins(state).filter(
    (p) => p.plugin.name === 'rate-limiting' || p.plugin.name === 'rate-limiting-advanced',
  );
  const who = consumerOfKey(state, apiKey);
  const pick =
    plugins.find((p) => who.username !== undefined && p.consumer === who.username) ??
    plugins.find((p) => p.consumerGroup !== undefined && who.groups.includes(p.consumerGroup)) ??
    plugins.find((p) => p.consumer === undefined && p.consumerGroup === undefined);
  if (!pick) return undefined;
  const config = isRecord(pick.plugin.config) ? pick.plugin.config : {};
  const name = String(pick.plugin.name);
  const message = typeof config.error_message === 'string' ? config.error_message : 'API rate limit exceeded';
  const status = typeof config.error_code === 'number' ? config.error_code : 429;
  if (name === 'rate-limiting') {
    const windows = WINDOWS.filter(([w]) => typeof config[w] === 'number').map(([w, seconds]) => ({
      name: w[0]!.toUpperCase() + w.slice(1),
      seconds,
      limit: config[w] as number,
    }));
    return { plugin: name, windows, message, status };
  }
  const limits = Array.isArray(config.limit) ? config.limit : [];
  const sizes = Array.isArray(config.window_size) ? config.window_size : [];
  const windows = limits.flatMap((limit, i) =>
    typeof limit === 'number' && typeof sizes[i] === 'number'
      ? [{ name: String(sizes[i]), seconds: sizes[i] as number, limit }]
      : [],
  );
  return { plugin: name, windows, message, status };
}
