import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';
import { MAX_REPORTED_DIAGNOSTICS } from '../../src/lesson/diagnostics.js';
import { brief, errors, source } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-hostile-'));
  mkdirSync(join(dir, 'lessons'));
  mkdirSync(join(dir, 'fixtures'));
  writeFileSync(join(dir, 'fixtures', 'ok.yaml'), 'a: 1\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lessonFile = () => join(dir, 'lessons', 'l.md');
const includeErrors = (path: string) => errors(source(`## Step\n\n\`\`\`yaml include=${path}\n\`\`\`\n`), lessonFile());

describe('include= reads only what ships with the lesson', () => {
  it('reads a file beside the lessons folder, as bundled lessons do', () => {
    expect(includeErrors('../fixtures/ok.yaml')).toEqual([]);
  });

  it.each([
    ['an absolute path outside', '/etc/hostname'],
    ['a path that climbs out', '../../../../../../etc/hostname'],
  ])('refuses %s at its position', (_name, path) => {
    expect(includeErrors(path)).toEqual(['include-outside 8:17']);
  });

  it('refuses a symlink inside that points outside', () => {
    const secret = mkdtempSync(join(tmpdir(), 'kw-secret-'));
    writeFileSync(join(secret, 'id_rsa'), 'PRIVATE KEY');
    symlinkSync(join(secret, 'id_rsa'), join(dir, 'fixtures', 'key'));
    try {
      expect(includeErrors('../fixtures/key')).toEqual(['include-outside 8:17']);
    } finally {
      rmSync(secret, { recursive: true, force: true });
    }
  });

  it('refuses devices, pipes and folders without reading them', () => {
    symlinkSync('/dev/zero', join(dir, 'fixtures', 'zero'));
    execFileSync('mkfifo', [join(dir, 'fixtures', 'pipe')]);
    expect(includeErrors('../fixtures/pipe')).toEqual(['missing-include 8:17']);
    expect(includeErrors('../fixtures')).toEqual(['missing-include 8:17']);
    // /dev/zero resolves outside the lesson's tree before it is ever opened
    expect(includeErrors('../fixtures/zero')).toEqual(['include-outside 8:17']);
  });

  it('refuses a file too large to show', () => {
    writeFileSync(join(dir, 'fixtures', 'big.yaml'), 'x'.repeat(300 * 1024));
    expect(includeErrors('../fixtures/big.yaml')).toEqual(['missing-include 8:17']);
  });

  it('says an empty include= needs a path, without crashing', () => {
    expect(includeErrors('')).toEqual(['invalid-attribute 8:17']);
  });
});

describe('limits that keep lint fast and bounded', () => {
  it('refuses a series that would expand to a billion requests', () => {
    const text = source(
      '## Step\n\n```check http\nrequest: { url: "{{PROXY}}/" }\nrepeat: 2\nseries:\n  status: [200 x999999999]\n```\n',
    );
    expect(errors(text)).toContain('invalid-check 12:12');
  });

  it('refuses a pattern that can backtrack catastrophically, with a hint', () => {
    const result = parseLesson(
      source(
        '## Step\n\n```check http\nrequest: { url: "{{PROXY}}/" }\nexpect:\n  body:\n    matches: "^(a+)+$"\n```\n',
      ),
      'l.md',
    );
    const problem = result.diagnostics.find((d) => /exponential/.test(d.message));
    expect(problem?.hint).toMatch(/nest/);
  });

  it('reports an alias bomb and an undefined alias as YAML problems, not exceptions', () => {
    const bomb =
      'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: ' +
      '[*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(errors(source(`## Step\n\n\`\`\`check http\n${bomb}\`\`\`\n`)).some((e) => e.startsWith('bad-yaml'))).toBe(
      true,
    );
    expect(errors(source('## Step\n\n```check http\nbody: *nope\n```\n')).some((e) => e.startsWith('bad-yaml'))).toBe(
      true,
    );
  });

  it.each([
    ['flow collections', `body: ${'['.repeat(100_000)}\n`],
    ['block mappings', `${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n`],
  ])('refuses YAML nested hundreds of levels deep (%s) before it can exhaust the stack', (_name, yaml) => {
    const found = errors(source(`## Step\n\n\`\`\`check http\n${yaml}\`\`\`\n`));
    expect(found).toContain('bad-yaml 8:1');
  });

  it(`lists at most ${MAX_REPORTED_DIAGNOSTICS} problems, then one line that counts the rest`, () => {
    const text = source(`## Step\n\n${'```check http\nbogus: 1\n```\n\n'.repeat(150)}`);
    const diagnostics = parseLesson(text, 'l.md').diagnostics;
    expect(diagnostics).toHaveLength(MAX_REPORTED_DIAGNOSTICS + 1);
    expect(diagnostics.at(-1)?.message).toMatch(/more problems in this file/);
  });

  it('keeps every position inside its line, even where YAML points past the end', () => {
    const text = '---\nid: x\ntitle: "unterminated\n---\n\n## Step\n\nText.\n';
    const lines = text.split('\n');
    for (const d of parseLesson(text, 'l.md').diagnostics) {
      expect(d.column, brief(d)).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 1);
    }
  });
});
