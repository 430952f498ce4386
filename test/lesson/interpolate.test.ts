import { describe, expect, it } from 'vitest';
import { interpolate, interpolateDeep, InterpolationError, variableReferences } from '../../src/lesson/index.js';

const values: Record<string, string> = { PROXY: 'http://127.0.0.1:8000', USER: 'alex', EMPTY: '' };
const lookup = (name: string) => values[name];

describe('interpolate', () => {
  it.each([
    ['{{PROXY}}/echo', 'http://127.0.0.1:8000/echo'],
    ['{{ PROXY }}/{{USER}}', 'http://127.0.0.1:8000/alex'],
    ['[{{EMPTY}}]', '[]'],
    ['\\{{USER}} is literal', '{{USER}} is literal'],
    ['\\{{ alone', '{{ alone'],
    ['{{ .Values.x }} and {{}} and {USER} stay', '{{ .Values.x }} and {{}} and {USER} stay'],
    ['no braces at all', 'no braces at all'],
    ['{{USER}}{{USER}}', 'alexalex'],
  ])('%s', (text, expected) => {
    expect(interpolate(text, lookup)).toBe(expected);
  });

  it('throws a typed error naming the variable', () => {
    let caught: unknown;
    try {
      interpolate('a {{USER}} b {{MISSING}}', lookup);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InterpolationError);
    expect(caught).toMatchObject({
      code: 'undefined-variable',
      variable: 'MISSING',
      message: expect.stringContaining('MISSING'),
      hint: expect.stringContaining('--var MISSING='),
    });
  });

  it('does not call lookup for escaped references', () => {
    const asked: string[] = [];
    interpolate('\\{{SECRET}} {{USER}}', (name) => {
      asked.push(name);
      return values[name];
    });
    expect(asked).toEqual(['USER']);
  });
});

describe('interpolateDeep', () => {
  it('interpolates every string and key, and leaves positions alone', () => {
    const source = { file: '{{USER}}.md', line: 1, column: 2 };
    const spec = {
      kind: 'http',
      request: { url: '{{PROXY}}/x', headers: { 'X-{{USER}}': '{{USER}}' }, timeoutMs: 10 },
      expect: {
        status: {
          matchers: [
            { op: 'equals', value: 200 },
            { op: 'one-of', values: ['{{USER}}', 3, null] },
          ],
          source,
        },
      },
      flags: [true, '{{EMPTY}}'],
    };
    const out = interpolateDeep(spec, lookup);
    expect(out).toEqual({
      kind: 'http',
      request: { url: 'http://127.0.0.1:8000/x', headers: { 'X-alex': 'alex' }, timeoutMs: 10 },
      expect: {
        status: {
          matchers: [
            { op: 'equals', value: 200 },
            { op: 'one-of', values: ['alex', 3, null] },
          ],
          source,
        },
      },
      flags: [true, ''],
    });
    expect(out.expect.status.source).toBe(source);
    expect(spec.request.url).toBe('{{PROXY}}/x');
  });

  it('throws on an undefined variable anywhere inside', () => {
    expect(() => interpolateDeep({ a: [{ b: '{{NOPE}}' }] }, lookup)).toThrow(InterpolationError);
  });
});

describe('variableReferences', () => {
  it('finds references with offsets, skipping escapes', () => {
    expect(variableReferences('x {{A}} \\{{B}} {{ C_1 }}')).toEqual([
      { name: 'A', index: 2, length: 5 },
      { name: 'C_1', index: 15, length: 9 },
    ]);
  });
});
