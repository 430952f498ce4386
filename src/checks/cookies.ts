/**
 * The cookies a step's HTTP checks share, as a browser would within one visit: a `Set-Cookie`
 * from one check's response goes back with the next requests to the same host in that step.
 * Names and values only; attributes other than an expiry that deletes are not modelled.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  /** The `Cookie` header for a request to `url`, or undefined when the jar holds none for it. */
  header(url: URL): string | undefined {
    const cookies = this.byHost.get(url.hostname);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps what a response to `url` set; `Max-Age=0` or an expiry in the past removes a cookie. */
  store(url: URL, setCookie: readonly string[]): void {
    for (const line of setCookie) {
      const [pair = '', ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const cookies = this.byHost.get(url.hostname) ?? new Map<string, string>();
      this.byHost.set(url.hostname, cookies);
      if (attributes.some((attribute) => expires(attribute.trim()))) cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}

function expires(attribute: string): boolean {
  const [key = '', value = ''] = attribute.split('=');
  if (key.toLowerCase() === 'max-age') return Number(value) <= 0;
  if (key.toLowerCase() === 'expires') return Date.parse(value) < Date.now();
  return false;
}
