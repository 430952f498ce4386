import { request } from 'undici';
import { errorCode, errorMessage } from '../shared/index.js';
import type { Reachability } from './reachability.js';

/** The request behind probeHttp (reachability.ts). */
export async function probe(
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
