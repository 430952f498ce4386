import type { ShortCircuit } from '../proxy/context.js';

/**
 * `kong.response.exit(status, table, headers)`: the table as compact JSON (cjson), no request_id,
 * unlike kong.response.error's template. jwt's and oauth2's refusals answer this way.
 */
export function jsonExit(
  status: number,
  body: Readonly<Record<string, unknown>>,
  headers?: Readonly<Record<string, string>>,
): ShortCircuit {
  return {
    status,
    message: '',
    exit: { body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' },
    ...(headers ? { headers } : {}),
  };
}
