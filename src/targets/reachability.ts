export type Reachability =
  | {
      readonly reachable: true;
      readonly status: number;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      readonly body: string;
    }
  | { readonly reachable: false; readonly reason: string };

/**
 * Does anything answer HTTP at this URL? Any status counts: a 401 or 404 still means "up".
 * The request itself lives in its own module, loaded here: the TUI's first frame reads this one
 * for the target list, and undici is a large share of a start.
 */
export async function probeHttp(
  url: string,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Reachability> {
  return (await import('./http-probe.js')).probe(url, options);
}

/** Parses a URL given by the user, or says which variable holds a bad one. */
export function parseTargetUrl(name: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url;
  } catch {
    throw new TypeError(`${name} is not an http(s) URL: ${value}`);
  }
}
