import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';

const lesson = (check: string) =>
  '---\nid: k\ntitle: K\ntargets: [sandbox]\nvars:\n  HEADER: { default: X-Test }\n---\n\n## One\n\n' +
  `\`\`\`check\n${check}\n\`\`\`\n`;

describe('YAML keys in a lesson', () => {
  it('an unquoted {{VAR}}: key is an error at the key, with the fix, instead of silently becoming "{ VAR }"', () => {
    const check =
      'request:\n  method: GET\n  url: "{{PROXY}}/echo"\n  headers:\n    {{HEADER}}: yes\nexpect:\n  status: 200';
    const errors = parseLesson(lesson(check), '/tmp/k.md').diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unquoted-variable-key', line: 16, column: 5 });
    expect(errors[0]?.message).toContain('"{ HEADER }"');
    expect(errors[0]?.hint).toBe('quote it: "{{HEADER}}": …');
  });

  it('a quoted one, or one inside a longer key, is fine', () => {
    const check =
      'request:\n  method: GET\n  url: "{{PROXY}}/echo"\n  headers:\n    "{{HEADER}}": yes\n' +
      'expect:\n  json:\n    headers.{{HEADER}}: yes';
    const errors = parseLesson(lesson(check), '/tmp/k.md').diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('any other map or list used as a key is an error too, never a process warning', () => {
    const check =
      'request:\n  method: GET\n  url: "{{PROXY}}/echo"\n  headers:\n    [a, b]: yes\nexpect:\n  status: 200';
    const errors = parseLesson(lesson(check), '/tmp/k.md').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['bad-yaml', 16, 5]]);
  });
});

describe('a lesson too large to be one', () => {
  it('is one diagnostic at 1:1, at once, not seconds of parsing', () => {
    const text = `---\nid: big\ntitle: Big\n---\n\n## One\n\n${'x'.repeat(1024 * 1024)}\n`;
    const started = performance.now();
    const result = parseLesson(text, '/tmp/big.md');
    expect(performance.now() - started).toBeLessThan(100);
    expect(result.lesson).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'lesson-too-large', line: 1, column: 1, severity: 'error' }]);
  });
});
