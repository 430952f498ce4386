/**
 * A response on its way to the client, as header_filter and body_filter see it: the status and
 * the headers (kong.response.set_header/add_header/clear_header semantics, names compared
 * case-insensitively), before anything is written.
 */
export class ResponseHead {
  constructor(
    public status: number,
    /** [name, value] pairs in the order they will be written. */
    readonly headers: [string, string][],
    /** Set when the response comes from the upstream (or the cache), not from Kong itself. */
    readonly proxied: boolean,
  ) {}

  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
  }

  set(name: string, value: string | number): void {
    this.clear(name);
    this.headers.push([name, String(value)]);
  }

  add(name: string, value: string | number): void {
    this.headers.push([name, String(value)]);
  }

  clear(name: string): void {
    const lower = name.toLowerCase();
    for (let i = this.headers.length - 1; i >= 0; i--)
      if (this.headers[i]![0].toLowerCase() === lower) this.headers.splice(i, 1);
  }
}

/** The response-phase work of one plugin that ran in access (its header_filter and body_filter). */
export interface ResponseFilter {
  readonly header?: (head: ResponseHead) => void;
  /** Sees the whole body (the sandbox buffers it when a plugin asks); returns the body to send. */
  readonly body?: (head: ResponseHead, body: Buffer) => Buffer;
}

/** Runs the filters' header phase, then (given a body) their body phase; returns the body to send. */
export function runResponseFilters(
  filters: readonly ResponseFilter[] | undefined,
  head: ResponseHead,
  body: Buffer | undefined,
): Buffer | undefined {
  if (!filters) return body;
  for (const filter of filters) filter.header?.(head);
  if (body === undefined) return body;
  let out = body;
  for (const filter of filters) if (filter.body) out = filter.body(head, out);
  return out;
}
