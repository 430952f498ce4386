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
    const match = !afterDot && path[at] === '[' ? bracketAt(path, at, segments) : nameAt(path, at, segments);
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

/** Reads `[0]` or `['name']` at `at` into `segments`; the match, or undefined when neither is there. */
function bracketAt(path: string, at: number, segments: (string | number)[]): RegExpExecArray | undefined {
  const index = matchAt(INDEX, path, at);
  if (index) {
    segments.push(Number(index[1]));
    return index;
  }
  const quoted = matchAt(QUOTED, path, at);
  if (quoted) segments.push(unquote(quoted[1] ?? quoted[2] ?? ''));
  return quoted;
}

function nameAt(path: string, at: number, segments: (string | number)[]): RegExpExecArray | undefined {
  const name = matchAt(NAME, path, at);
  if (name) segments.push(name[0]);
  return name;
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text) ?? undefined;
}

function unquote(quoted: string): string {
  return quoted.replaceAll(/\\(.)/g, '$1');
}
