import type { IncomingHttpHeaders } from 'node:http';
import type { CompiledRoute } from './compile.js';

export interface RouteMatch {
  readonly route: CompiledRoute;
  /** How much of the path the route's path matched: what strip_path removes. */
  readonly matchedLength: number;
}

/**
 * Finds the route for a request. Among matching routes the most specific wins, close to Kong's
 * ordering: exact hosts over wildcards, more header matchers, methods, regex paths (by
 * regex_priority) over prefixes, longer prefixes, then the oldest route.
 */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
): RouteMatch | undefined {
  let best: RouteMatch | undefined;
  let bestScore: number[] | undefined;
  const hostHeader = headers.host;
  const host = hostHeader ? stripPort(hostHeader.toLowerCase()) : '';
  for (const route of routes) {
    if (route.methods && !route.methods.has(method)) continue;
    let hostScore = 0;
    if (route.hosts) {
      hostScore = matchHost(route.hosts, host);
      if (hostScore === 0) continue;
    }
    if (route.headers.length && !route.headers.every((h) => headerMatches(headers[h.name], h.values))) continue;
    let matchedLength = 0;
    let pathScore = [0, 0];
    if (route.paths) {
      const found = matchPath(route, path);
      if (!found) continue;
      matchedLength = found.length;
      pathScore = found.regex ? [2, route.regexPriority] : [1, found.length];
    }
    const score = [
      hostScore,
      route.headers.length,
      route.methods ? 1 : 0,
      pathScore[0] ?? 0,
      pathScore[1] ?? 0,
      -route.createdAt,
    ];
    if (!bestScore || compareScores(score, bestScore) > 0) {
      best = { route, matchedLength };
      bestScore = score;
    }
  }
  return best;
}

function matchPath(route: CompiledRoute, path: string): { length: number; regex: boolean } | undefined {
  let found: { length: number; regex: boolean } | undefined;
  for (const matcher of route.paths!) {
    if (matcher.regex) {
      const m = matcher.regex.exec(path);
      if (m && !found?.regex) found = { length: m[0].length, regex: true };
    } else if (path.startsWith(matcher.prefix) && (!found || (!found.regex && matcher.prefix.length > found.length))) {
      found = { length: matcher.prefix.length, regex: false };
    }
  }
  return found;
}

function matchHost(hosts: NonNullable<CompiledRoute['hosts']>, host: string): number {
  let score = 0;
  for (const h of hosts) {
    if (h.exact !== undefined && h.exact === host) return 2;
    if ((h.suffix !== undefined && host.endsWith(h.suffix)) || (h.prefix !== undefined && host.startsWith(h.prefix)))
      score = 1;
  }
  return score;
}

function headerMatches(value: string | string[] | undefined, expected: ReadonlySet<string>): boolean {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : value.split(',');
  return values.some((v) => expected.has(v.trim().toLowerCase()));
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * The upstream path Kong builds from the service path and the request path
 * (path_handling v0 and v1, strip_path on or off).
 */
export function upstreamPath(servicePath: string | null, requestPath: string, match: RouteMatch): string {
  const rest = match.route.stripPath ? requestPath.slice(match.matchedLength) : requestPath;
  const base = servicePath ?? '/';
  if (match.route.pathHandling === 'v1') {
    if (rest === '' || rest === '/') return base;
    return base.endsWith('/') ? base + rest.replace(/^\//, '') : base + (rest.startsWith('/') ? rest : `/${rest}`);
  }
  if (rest === '') return base;
  if (base.endsWith('/') && rest.startsWith('/')) return base + rest.slice(1);
  return base + rest;
}
