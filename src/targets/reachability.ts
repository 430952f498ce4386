import { request } from 'undici';
import { errorMessage, errorCode } from '../shared/index.js';

export type Reachability =
  | {
      readonly reachable: true;
      readonly status: number;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      readonly body: string;
    }
  | { readonly reachable: false; readonly reason: string };

/** Does anything answer HTTP at this URL? Any status counts: a 401 or 404 still means "up". */
export async function probeHttp(
  url: string,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Reachability> {
  const timeoutMs = options.timeoutMs ?? 3000;
  try {
    const response = await request(url, {
      method: 'GET',
      headers: options.headers,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.body.text();
    return { reachable: true, status: response.statusCode, headers: response.headers, body };
  } catch (error) {
    const code = errorCode(error) ?? (error instanceof Error ? error.name : '');
    return {
      reachable: false,
      reason:
        code === 'ECONNREFUSED'
          ? 'connection refused'
          : code === 'ENOTFOUND'
            ? 'unknown host'
            : errorMessage(error) || code,
    };
  }
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
