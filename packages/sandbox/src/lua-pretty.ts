import { isRecord } from '@kong-workshop/common';
// Kong builds many error messages with penlight's pretty.write(value, ""): Lua table syntax,
// no spaces, keys sorted. Reproducing it keeps those messages byte-identical.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats a JSON-like value the way `pl.pretty.write(value, "")` does. */
export function luaPretty(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // A Lua sequence prints bare; a sparse one (JSON nulls in the gaps) prints its 1-based indices.
    if (!value.includes(null)) return `{${value.map(luaPretty).join(',')}}`;
    return `{${value.flatMap((item, i) => (item === null ? [] : [`[${i + 1}]=${luaPretty(item)}`])).join(',')}}`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const numeric = entries.filter(([k]) => /^\d+$/.test(k)).sort((a, b) => Number(a[0]) - Number(b[0]));
    const named = entries.filter(([k]) => !/^\d+$/.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = [
      ...numeric.map(([k, v]) => `[${k}]=${luaPretty(v)}`),
      ...named.map(([k, v]) => `${IDENTIFIER.test(k) ? k : `[${quote(k)}]`}=${luaPretty(v)}`),
    ];
    return `{${parts.join(',')}}`;
  }
  return String(value);
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
