import { ResponseHead } from './response-head.js';
import { configOf, type PluginDefinition } from './definition.js';
import type { ProxyContext } from '../proxy/context.js';

// kong/plugins/cors/{handler,schema}.lua (3.9.1): priority 2000. A preflight (OPTIONS with Origin and
// Access-Control-Request-Method) is answered 200 by the plugin unless preflight_continue; other
// requests get the CORS headers in header_filter, on proxied and Kong-generated responses alike.

interface CorsConfig {
  readonly origins: readonly string[] | null;
  readonly headers: readonly string[] | null;
  readonly exposed_headers: readonly string[] | null;
  readonly methods: readonly string[] | null;
  readonly max_age: number | null;
  readonly credentials: boolean;
  readonly private_network: boolean;
  readonly preflight_continue: boolean;
}

const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];

/** normalize_origin: scheme://host[:port] without the scheme's default port. */
function normalizeOrigin(origin: string): { domain: string; host: string } {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?/.exec(origin);
  if (!m) return { domain: origin, host: origin };
  const [, scheme = '', host = '', port] = m;
  const dropPort = (scheme === 'http' && port === '80') || (scheme === 'https' && port === '443');
  return { domain: `${scheme}://${host}${port && !dropPort ? `:${port}` : ''}`, host };
}

const header = (ctx: ProxyContext, name: string): string | undefined => {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** configure_origin: sets Access-Control-Allow-Origin; true when every origin is allowed. */
function configureOrigin(conf: CorsConfig, ctx: ProxyContext, head: ResponseHead, filter: boolean): boolean {
  const origins = conf.origins ?? [];
  if (origins.length === 0 || (origins.length === 1 && origins[0] === '*')) {
    head.set('Access-Control-Allow-Origin', '*');
    return true;
  }
  if (filter) head.add('Vary', 'Origin');
  else head.set('Vary', 'Origin');
  if (origins.length === 1 && /^[A-Za-z0-9.:/-]+$/.test(origins[0] ?? '')) {
    head.set('Access-Control-Allow-Origin', origins[0] ?? '');
    return false;
  }
  const requested = header(ctx, 'origin');
  if (requested) {
    const normalized = normalizeOrigin(requested);
    for (const entry of origins) {
      if (entry === '*') {
        head.set('Access-Control-Allow-Origin', '*');
        return true;
      }
      const byHost = !entry.includes(':');
      let found: boolean;
      if (/[^A-Za-z0-9.:/-]/.test(entry)) {
        // A regex, anchored at the end (and at the start by ngx.re.find's "a" flag).
        const source = `${entry.startsWith('^') ? entry.slice(1) : entry}${entry.endsWith('$') ? '' : '$'}`;
        found = new RegExp(`^(?:${source})`).test(byHost ? normalized.host : normalized.domain);
      } else found = normalized.domain === normalizeOrigin(entry).domain;
      if (found) {
        head.set('Access-Control-Allow-Origin', normalized.domain);
        return false;
      }
    }
  }
  head.clear('Access-Control-Allow-Origin');
  return false;
}

function configureCredentials(
  conf: CorsConfig,
  ctx: ProxyContext,
  head: ResponseHead,
  allowAll: boolean,
  filter: boolean,
) {
  if (!conf.credentials) return;
  if (!allowAll) return void head.set('Access-Control-Allow-Credentials', 'true');
  const requested = header(ctx, 'origin');
  if (!requested) return;
  if (filter) head.add('Vary', 'Origin');
  else head.set('Vary', 'Origin');
  head.set('Access-Control-Allow-Origin', requested);
  head.set('Access-Control-Allow-Credentials', 'true');
}

export const cors: PluginDefinition = {
  priority: 2000,
  config: {
    type: 'record',
    required: true,
    fields: {
      origins: { type: 'array', elements: { type: 'string' } },
      headers: { type: 'array', elements: { type: 'string' } },
      exposed_headers: { type: 'array', elements: { type: 'string' } },
      methods: { type: 'array', default: METHODS, elements: { type: 'string', oneOf: METHODS } },
      max_age: { type: 'number' },
      credentials: { type: 'boolean', required: true, default: false },
      private_network: { type: 'boolean', required: true, default: false },
      preflight_continue: { type: 'boolean', required: true, default: false },
    },
  },
  checks: [],
  access(ctx, plugin) {
    const conf = configOf<CorsConfig>(plugin);
    const preflight =
      ctx.req.method === 'OPTIONS' && header(ctx, 'origin') && header(ctx, 'access-control-request-method');
    if (!preflight) {
      ctx.addFilter({
        header: (head) => {
          const allowAll = configureOrigin(conf, ctx, head, true);
          configureCredentials(conf, ctx, head, allowAll, true);
          if (conf.exposed_headers?.length) head.set('Access-Control-Expose-Headers', conf.exposed_headers.join(','));
        },
      });
      return undefined;
    }
    if (conf.preflight_continue) return undefined;
    const head = new ResponseHead(200, [], false);
    const allowAll = configureOrigin(conf, ctx, head, false);
    configureCredentials(conf, ctx, head, allowAll, false);
    const requestHeaders = header(ctx, 'access-control-request-headers');
    if (conf.headers?.length) head.set('Access-Control-Allow-Headers', conf.headers.join(','));
    else if (requestHeaders) head.set('Access-Control-Allow-Headers', requestHeaders);
    head.set('Access-Control-Allow-Methods', (conf.methods ?? METHODS).join(','));
    if (conf.max_age !== null && conf.max_age !== undefined) head.set('Access-Control-Max-Age', String(conf.max_age));
    if (conf.private_network && header(ctx, 'access-control-request-private-network') === 'true')
      head.set('Access-Control-Allow-Private-Network', 'true');
    // kong.response.exit(200): no body.
    return {
      status: 200,
      message: '',
      headers: Object.fromEntries(head.headers),
      exit: { body: '', contentType: undefined },
    };
  },
};
