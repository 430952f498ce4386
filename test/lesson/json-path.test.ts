import { describe, expect, it } from 'vitest';
import { checkJsonPath, parseJsonPath, readJsonPath, selectJsonPath } from '../../src/lesson/index.js';
import { errors, fence, source } from './helpers.js';

const doc = {
  message: 'hi',
  headers: { 'X-Consumer-Username': 'alex' },
  'odd.key': null,
  list: ['a', 'b', 'c'],
  data: [
    { id: 'x', name: 'alex', enabled: true, port: 80, tags: ['gold'] },
    { id: 'y', name: 'sam', enabled: false, port: 443, tags: [] },
    { id: 'z', name: 'kim', enabled: true, port: 8000 },
  ],
};

const read = (path: string) => readJsonPath(doc, parseJsonPath(path));

describe('the JSONPath of HTTP checks', () => {
  it.each([
    ['message', 'hi'],
    ['$.message', 'hi'],
    ['headers.X-Consumer-Username', 'alex'],
    ['$.headers.X-Consumer-Username', 'alex'],
    ['data[0].id', 'x'],
    ['$.data[-1].id', 'z'],
    ['$["odd.key"]', null],
    ["$['data'][1]['name']", 'sam'],
    ['list.1', 'b'],
    ['$', doc],
  ])('reads the definite path %s as one value', (path, value) => {
    expect(read(path)).toEqual(value);
  });

  it('reads a missing definite path as absent', () => {
    expect(read('$.data[3].id')).toBeUndefined();
    expect(read('message.deeper')).toBeUndefined();
    expect(read('toString')).toBeUndefined();
    expect(readJsonPath('text', parseJsonPath('length'))).toBeUndefined();
  });

  it.each([
    ['$.data[*].name', ['alex', 'sam', 'kim']],
    ['data[*].name', ['alex', 'sam', 'kim']],
    ['$.data.*.id', ['x', 'y', 'z']],
    ['$.list[1:]', ['b', 'c']],
    ['$.list[::2]', ['a', 'c']],
    ['$..port', [80, 443, 8000]],
    ['$.data[?(@.enabled == true)].name', ['alex', 'kim']],
    ['$.data[?@.port > 100].id', ['y', 'z']],
    ["$.data[?(@.name != 'alex' && @.enabled == true)].id", ['z']],
    ['$.data[?(@.port < 100 || @.port >= 8000)].id', ['x', 'z']],
    ['$.data[?(@.tags)].id', ['x', 'y']],
    ['$.data[?(!@.tags)].id', ['z']],
    ['$.data[?(@.tags[0] == "gold")].id', ['x']],
    ['$.data[?(@.name == "nobody")].id', []],
  ])('reads %s as the list of what it selects', (path, values) => {
    expect(read(path)).toEqual(values);
  });

  it('selects in document order', () => {
    expect(selectJsonPath(doc, parseJsonPath('$.data[*].id'))).toEqual(['x', 'y', 'z']);
  });

  it.each([
    ['', 0, /empty/],
    ['a..', 3, /ends after a dot/],
    ['a.', 2, /ends after a dot/],
    ['a[x]', 2, /not an index/],
    ['a[0', 3, /missing \]/],
    ['a.[0]', 2, /dot cannot come before \[/],
    ['["unterminated]', 1, /unterminated/],
    ['$.data[?(@.name == alex)]', 19, /not a value/],
    ['$.data[?(@.name == "a"]', 22, /missing \)/],
    ['$.data[?(name == "a")]', 9, /not a value/],
    ['$data', 1, /each step starts with \. or \[/],
    ['$.list[0:3:0]', 12, /step must be a positive/],
  ])('refuses %j at offset %i', (path, offset, message) => {
    const problem = checkJsonPath(path);
    expect(problem?.message).toMatch(message);
    expect(problem?.offset).toBe(offset);
    expect(problem?.hint).not.toBe('');
  });
});

describe('lint of JSON paths in HTTP checks', () => {
  const SANDBOX = '---\nid: t\ntitle: T\ntargets: [sandbox]\n---\n';
  const lesson = (yaml: string) => source(`## S\n\n${fence('check', yaml)}`, SANDBOX);

  it('accepts wildcards and filters', () => {
    expect(
      errors(
        lesson(
          'request: GET {{PROXY}}/\nexpect:\n  json:\n    "$.data[*].name": [a]\n    $.data[?(@.id == "x")].name: [a]',
        ),
      ),
    ).toEqual([]);
  });

  it('reports a bad path in expect, last and series at the column where it goes wrong', () => {
    // Line 9 is the first line of the check's YAML.
    expect(errors(lesson('request: GET {{PROXY}}/\nexpect:\n  json:\n    data[x].name: 1'))).toEqual([
      'invalid-json-path 12:10',
    ]);
    expect(errors(lesson('request: GET {{PROXY}}/\nlast:\n  json:\n    "$.a[?(@.b == c)]": 1'))).toEqual([
      'invalid-json-path 12:19',
    ]);
    expect(errors(lesson('request: GET {{PROXY}}/\nrepeat: 1\nseries:\n  json:\n    "a.": [1]'))).toEqual([
      'invalid-json-path 13:8',
    ]);
  });

  it('reports a bad path in extract after its json. prefix', () => {
    expect(errors(lesson('request: GET {{PROXY}}/\nexpect: { status: 200 }\nextract:\n  ID: json.data[0'))).toEqual([
      'invalid-json-path 12:18',
    ]);
    expect(
      errors(lesson('request: GET {{PROXY}}/\nexpect: { status: 200 }\nextract:\n  ID: { from: "json.$.a[b]" }')),
    ).toEqual(['invalid-json-path 12:25']);
  });
});

describe('lint of kubectl JSONPath in Kubernetes checks', () => {
  it('reports a bad field path at its key', () => {
    const text = source(
      `## S\n\n` +
        `${fence('check k8s', 'resource: KongConsumer/alex\nexpect:\n  fields:\n    "{.status.conditions[0}": 1')}`,
      '---\nid: t\ntitle: T\ntargets: [kind]\n---\n',
    );
    expect(errors(text)).toEqual(['invalid-json-path 12:5']);
  });
});
