import { connect } from 'node:net';

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * One HTTP/1.1 request to the sandbox's own Admin API (plain http on 127.0.0.1), written on a
 * node:net socket. Every short `kong-workshop sandbox …` command makes one or two of these in a
 * process of its own, and lessons run dozens of such commands: fetch first loads its bundled undici
 * (~40 ms), and node:http with its first request costs about a tenth of Node's own start-up, where
 * this costs next to nothing. It speaks only what our server answers: `Connection: close`, then a
 * body with Content-Length, chunked, or up to the close.
 */
export function httpText(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:') {
      reject(new Error(`only http: URLs are supported here, not ${target.protocol}`));
      return;
    }
    const fields = Object.entries(options.headers ?? {});
    if (fields.some(([name, value]) => /[\r\n]/.test(name + value))) {
      reject(new Error('an HTTP header may not contain a line break'));
      return;
    }
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const head = [
      `${options.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      'Connection: close',
      ...fields.map(([name, value]) => `${name}: ${value}`),
      ...(body ? [`Content-Length: ${body.length}`] : []),
    ];
    const chunks: Buffer[] = [];
    const socket = connect({ host: target.hostname, port: Number(target.port || 80) });
    const timer = setTimeout(
      () => socket.destroy(new Error(`no answer from ${target.origin} in ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    // Written whole, never half-closed: Node's server aborts a request whose client ends its side.
    socket.on('connect', () =>
      socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body ?? Buffer.alloc(0)])),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Status and body of a whole HTTP/1.1 response, as read up to the server's close. */
export function parseResponse(raw: Buffer): HttpAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('the connection closed before a complete HTTP response');
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) throw new Error(`not an HTTP response: ${statusLine.slice(0, 80)}`);
  const headers = new Map(
    lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  let payload = raw.subarray(end + 4);
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') payload = unchunk(payload);
  else if (headers.has('content-length')) payload = payload.subarray(0, Number(headers.get('content-length')));
  return { status: Number(status), text: payload.toString('utf8') };
}

function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('a chunked HTTP body ended early');
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('a chunked HTTP body has a bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
