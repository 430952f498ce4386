import { expect } from 'vitest';

/**
 * The asciicast v2 rules, checked here independently of the project's own reader: a JSON
 * header line with version 2 and integer width and height (and, when present, an integer
 * timestamp, a text title, an env map of text), then one JSON array per line of a
 * non-negative number of seconds, an event code and text data, with times that never decrease.
 * https://docs.asciinema.org/manual/asciicast/v2/
 */
export function expectAsciicastV2(text: string): {
  header: Record<string, unknown>;
  events: [number, string, string][];
} {
  expect(text.endsWith('\n')).toBe(true);
  const [first, ...rest] = text.slice(0, -1).split('\n');
  const header = JSON.parse(first!) as Record<string, unknown>;
  expect(header.version).toBe(2);
  expect(Number.isInteger(header.width) && (header.width as number) > 0).toBe(true);
  expect(Number.isInteger(header.height) && (header.height as number) > 0).toBe(true);
  if ('timestamp' in header) expect(Number.isInteger(header.timestamp)).toBe(true);
  if ('title' in header) expect(typeof header.title).toBe('string');
  if ('env' in header)
    expect(Object.values(header.env as object).every((value) => typeof value === 'string')).toBe(true);
  let last = 0;
  const events = rest.map((line) => {
    const event = JSON.parse(line) as unknown;
    expect(Array.isArray(event)).toBe(true);
    const [time, code, data] = event as [unknown, unknown, unknown];
    expect((event as unknown[]).length).toBe(3);
    expect(typeof time === 'number' && Number.isFinite(time) && time >= last).toBe(true);
    expect(['o', 'i', 'r', 'm']).toContain(code);
    expect(typeof data).toBe('string');
    if (code === 'r') expect(data).toMatch(/^\d+x\d+$/);
    last = time as number;
    return event as [number, string, string];
  });
  return { header, events };
}
