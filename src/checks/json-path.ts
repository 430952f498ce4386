/** A parsed JSON path: property names and array indexes, in order. */
export type JsonPath = readonly (string | number)[];

const NAME = /[^.[\]]+/y;
const INDEX = /\[(\d+)\]/y;
const QUOTED = /\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/y;

/**
 * Parses the paths lessons use for JSON fields: `message`, `headers.X-Consumer-Username`,
 * `data[0].id`, `["odd.key"]`. Returns undefined when the path is not well formed.
 */
export function parseJsonPath(path: string): JsonPath | undefined {
  const segments: (string | number)[] = [];
  let at = 0;
  while (at < path.length) {
    const afterDot = segments.length > 0 && path[at] === '.';
    if (afterDot) at++;
    else if (segments.length > 0 && path[at] !== '[') return undefined;
    let match: RegExpExecArray | undefined;
    if (!afterDot && path[at] === '[') {
      if ((match = matchAt(INDEX, path, at))) segments.push(Number(match[1]));
      else if ((match = matchAt(QUOTED, path, at))) segments.push(unescape(match[1] ?? match[2] ?? ''));
    } else if ((match = matchAt(NAME, path, at))) {
      segments.push(match[0]);
    }
    if (!match) return undefined;
    at += match[0].length;
  }
  return segments.length > 0 ? segments : undefined;
}

/** The value at `path`, or undefined when any step of it is missing. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) return undefined;
      current = current[index];
    } else if (current !== null && typeof current === 'object') {
      const key = String(segment);
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return current;
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text) ?? undefined;
}

function unescape(quoted: string): string {
  return quoted.replaceAll(/\\(.)/g, '$1');
}
