import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from '../../src/checks/index.js';

describe('parseJsonPath', () => {
  it.each([
    ['message', ['message']],
    ['headers.X-Consumer-Username', ['headers', 'X-Consumer-Username']],
    ['data[0].id', ['data', 0, 'id']],
    ['a.b[0].c', ['a', 'b', 0, 'c']],
    ['["odd.key"]', ['odd.key']],
    ["config['key_names'][1]", ['config', 'key_names', 1]],
    ['[0]', [0]],
    ['["say \\"hi\\""]', ['say "hi"']],
  ] as const)('%s', (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  it.each(['', 'a..b', 'a.', '.a', 'a[x]', 'a[0', 'a.[0]', '["unterminated]'])('refuses %j', (path) => {
    expect(parseJsonPath(path)).toBeUndefined();
  });
});

describe('readJsonPath', () => {
  const doc = { data: [{ id: 'x' }], 'odd.key': null, list: ['a', 'b'] };

  it('reads values, null included', () => {
    expect(readJsonPath(doc, ['data', 0, 'id'])).toBe('x');
    expect(readJsonPath(doc, ['odd.key'])).toBeNull();
    expect(readJsonPath(doc, ['list', '1'])).toBe('b');
  });

  it('is undefined for anything missing', () => {
    expect(readJsonPath(doc, ['data', 1, 'id'])).toBeUndefined();
    expect(readJsonPath(doc, ['data', 0, 'id', 'deeper'])).toBeUndefined();
    expect(readJsonPath(doc, ['toString'])).toBeUndefined();
    expect(readJsonPath('text', ['length'])).toBeUndefined();
  });
});
