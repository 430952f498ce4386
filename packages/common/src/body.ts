import type { IncomingMessage } from 'node:http';
/** Reads a request body (or any byte stream) to its end: the one body reader of the workshop and its gateway. */
export async function readBody(
  stream: AsyncIterable<unknown>,
  options: { readonly limit?: number; readonly tooLarge?: () => Error } = {},
): Promise<Buffer> {
  const { limit = Number.POSITIVE_INFINITY, tooLarge = () => new Error(`the body is larger than ${limit} bytes`) } =
    options;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Whether a request carries a body: a length above zero, or chunked framing. */
export function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
