import { formatDuration, isRecord } from '../shared/index.js';
import type { Fault, FaultCode } from './types.js';

const DOCTOR = 'try `kong-workshop doctor`';
const SANDBOX_PORTS = new Set(['8000', '8001']);

/** Why a request ended without a response, as the caller saw it. */
export interface RequestEnd {
  readonly url: URL;
  readonly timeoutMs: number;
  /** The per-request deadline passed. */
  readonly timedOut: boolean;
  /** The check was cancelled. */
  readonly cancelled: boolean;
}

/**
 * Turns a failed request into a fault a learner can act on: what happened, in their terms,
 * and what to try next.
 */
export function networkFault(error: unknown, end: RequestEnd): Fault {
  const { url } = end;
  const where = url.host;
  if (end.cancelled)
    return {
      code: 'cancelled',
      message: `stopped while waiting for ${where}`,
      hint: 'the check was stopped before it finished: run it again when ready',
    };
  const code = end.timedOut ? 'timeout' : classify(errorCodes(error), messageOf(error));
  switch (code) {
    case 'connection-refused':
      return { code, message: `connection refused by ${where}: nothing is listening there`, hint: refusedHint(url) };
    case 'timeout':
      return {
        code,
        message: `no complete answer from ${where} within ${formatDuration(end.timeoutMs)}`,
        hint:
          `is the gateway overloaded, or a plugin waiting on a slow upstream? ${DOCTOR}; a longer \`timeout:\` ` +
          `in the check's request helps for slow calls`,
      };
    case 'dns':
      return {
        code,
        message: `cannot resolve the host name ${url.hostname}`,
        hint: `check the host in the URL and your network or DNS; ${DOCTOR}`,
      };
    case 'tls':
      return {
        code,
        message: `TLS handshake with ${where} failed: ${tlsProblem(error)}`,
        hint:
          'check the scheme: http:// for a plain port such as 8000, https:// for a TLS port such as 8443; a ' +
          'self-signed certificate must be trusted (NODE_EXTRA_CA_CERTS)',
      };
    case 'connection-reset':
      return {
        code,
        message: `${where} closed the connection before answering`,
        hint: `is something other than the gateway listening on that port, or did it just restart? ${DOCTOR}`,
      };
    default:
      if (errorCodes(error).some((c) => c.startsWith('HPE_'))) {
        return {
          code: 'internal',
          message: `${where} did not answer in HTTP: ${messageOf(error)}`,
          hint: 'is that a TLS port (use https://) or another service than the gateway?',
        };
      }
      return {
        code: 'internal',
        message: `request to ${where} failed: ${messageOf(error)}`,
        hint: 'check the request in the lesson (method, URL, headers)',
      };
  }
}

function refusedHint(url: URL): string {
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (local && SANDBOX_PORTS.has(url.port))
    return 'is the sandbox gateway running? start it with `kong-workshop sandbox start`';
  return `is the proxy running? ${DOCTOR}`;
}

function classify(codes: readonly string[], message: string): FaultCode {
  for (const code of codes) {
    if (code === 'ECONNREFUSED') return 'connection-refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') return 'dns';
    if (code === 'ETIMEDOUT' || (code.startsWith('UND_ERR_') && code.endsWith('_TIMEOUT'))) return 'timeout';
    if (
      code.startsWith('ERR_SSL_') ||
      code.startsWith('ERR_TLS_') ||
      code === 'EPROTO' ||
      code.includes('CERT') ||
      code.includes('SIGNATURE')
    )
      return 'tls';
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'connection-reset';
  }
  if (/\b(SSL|TLS)\b|certificate/i.test(message)) return 'tls';
  return 'internal';
}

/** OpenSSL's words, not its log line: `wrong version number`, `self-signed certificate`. */
function tlsProblem(error: unknown): string {
  const codes = errorCodes(error);
  if (codes.includes('ERR_SSL_WRONG_VERSION_NUMBER')) return 'the server does not speak TLS on this port';
  const reason = findProperty(error, 'reason');
  return reason ?? (messageOf(error).split('\n')[0] ?? '').trim();
}

function findProperty(error: unknown, name: string, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 4) return undefined;
  const value = error[name];
  if (typeof value === 'string' && value !== '') return value;
  return findProperty(error.cause, name, depth + 1);
}

/** Every error code in an error, its causes and (for AggregateError) its parts. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!isRecord(error) || depth > 4) return [];
  const codes: string[] = [];
  const { code, cause, errors } = error;
  if (typeof code === 'string') codes.push(code);
  if (Array.isArray(errors)) for (const part of errors) codes.push(...errorCodes(part, depth + 1));
  codes.push(...errorCodes(cause, depth + 1));
  return codes;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message || error.name}${cause}`;
  }
  return String(error);
}
