// Kong's path normalisation (kong/tools/uri.lua at 3.9.1): the router matches the normalised
// path, the upstream gets it re-escaped, and a route's plain path must already be normalised.

/** RFC 3986 reserved characters: their percent-encodings keep their meaning and stay encoded. */
const RESERVED = new Set("!*'();:@&=+$,/?%#[]".split('').map((c) => c.charCodeAt(0)));

/**
 * Decodes percent-encoded unreserved and "other" bytes (reserved ones stay encoded, upper-cased),
 * removes dot segments and, with `mergeSlashes`, collapses `//`.
 */
export function normalizePath(uri: string, mergeSlashes: boolean): string {
  if (uri === '' || uri === '/') return uri;
  if (uri.includes('%')) {
    uri = uri.replace(/%([0-9a-fA-F]{2})/g, (whole, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return RESERVED.has(code) ? whole.toUpperCase() : String.fromCharCode(code);
    });
  }
  if (!uri.includes('.') && (!mergeSlashes || !uri.includes('//'))) return uri;
  const out: string[] = [];
  while (uri.length > 0) {
    if (uri === '/.') uri = '/';
    else if (uri === '/..') {
      uri = '/';
      out.pop();
    } else if (uri === '.' || uri === '..') uri = '';
    else if (uri.startsWith('../')) uri = uri.slice(3);
    else if (uri.startsWith('./')) uri = uri.slice(2);
    else if (uri.startsWith('/./')) uri = uri.slice(2);
    else if (uri.startsWith('/../')) {
      uri = uri.slice(3);
      out.pop();
    } else if (mergeSlashes && uri.startsWith('//')) uri = uri.slice(1);
    else {
      const next = uri.indexOf('/', 1);
      if (next === -1) {
        out.push(uri);
        uri = '';
      } else {
        out.push(uri.slice(0, next));
        uri = uri.slice(next);
      }
    }
  }
  return out.join('');
}

/** Percent-encodes what is not safe in a request line, keeping reserved characters and `%` (Kong's `escape`). */
export function escapePath(uri: string): string {
  return /[^!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]/.test(uri)
    ? uri.replace(
        /[^!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]/g,
        // Paths are byte strings here (one char per byte, as decoding left them), so one char is one byte.
        (c) => `%${(c.charCodeAt(0) & 0xff).toString(16).toUpperCase().padStart(2, '0')}`,
      )
    : uri;
}
