import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/lesson/index.js';

const diagnostic: Diagnostic = {
  file: 'lessons/02-key-auth.md',
  line: 3,
  column: 11,
  severity: 'error',
  code: 'unknown-attribute',
  message: "unknown attribute 'timout' on a run block",
  hint: "did you mean 'timeout'? Run blocks take target, id, timeout, exit, capture and secret",
};
const text = '## Step\n\n```sh run timout=30s\necho\n```\n';

describe('formatDiagnostic', () => {
  it('prints location, severity, code, message and hint on their own', () => {
    expect(formatDiagnostic(diagnostic)).toBe(
      "lessons/02-key-auth.md:3:11 error unknown-attribute: unknown attribute 'timout' on a run block\n  hint: did " +
        "you mean 'timeout'? Run blocks take target, id, timeout, exit, capture and secret\n",
    );
  });

  it('shows the source line with a caret under the word', () => {
    expect(formatDiagnostic(diagnostic, { sourceText: text })).toBe(
      [
        "lessons/02-key-auth.md:3:11 error unknown-attribute: unknown attribute 'timout' on a run block",
        '  3 | ```sh run timout=30s',
        '    |           ^^^^^^',
        "  hint: did you mean 'timeout'? Run blocks take target, id, timeout, exit, capture and secret",
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['a variable reference', 'curl {{PROXI}}/echo', 6, '     ^^^^^^^^^'],
    ['tabs before the column', '\tx: {{A}}', 5, '\t   ^^^^^'],
    ['a column past the end', 'short', 9, '     ^'],
    ['punctuation', '  - ]', 5, '    ^'],
  ])('underlines %s', (_name, line, column, caret) => {
    const out = formatDiagnostic({ ...diagnostic, line: 1, column }, { sourceText: `${line}\n` });
    expect(out.split('\n')[2]).toBe(`    | ${caret}`);
  });

  it('colours only when asked', () => {
    const coloured = formatDiagnostic({ ...diagnostic, severity: 'warning' }, { sourceText: text, color: true });
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
    expect(coloured).toContain('\u001b[36mhint:\u001b[0m');
    expect(formatDiagnostic(diagnostic, { sourceText: text })).not.toContain('\u001b[');
  });
});
