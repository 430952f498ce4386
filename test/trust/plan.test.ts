import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson, type Lesson } from '../../src/lesson/index.js';
import {
  confineWrite,
  isTargetUrl,
  needsConsent,
  planLines,
  requestRefusal,
  targetOrigins,
  trustPlanOf,
} from '../../src/trust/index.js';

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

function lesson(body: string, front = 'targets: [sandbox]'): Lesson {
  const result = parseLesson(`---\nid: t\ntitle: T\n${front}\n---\n\n## One\n\n${body}\n`, '/tmp/elsewhere/t.md');
  if (!result.lesson) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.lesson;
}

const httpCheck = (url: string, header = 'Bearer {{SANDBOX_TOKEN}}') =>
  fence(
    'check',
    `request:\n  method: GET\n  url: "${url}"\n  headers:\n    Authorization: "${header}"\nexpect:\n  status: 200`,
  );

describe('the trust plan', () => {
  it('lists every command in full, every file written and every request beyond the target', () => {
    const plan = trustPlanOf(
      lesson(
        [
          fence('sh run', 'echo one \\\n  two\necho three'),
          fence('yaml file=kong.yaml', 'a: 1'),
          httpCheck('http://127.0.0.1:9/steal'),
          httpCheck('{{PROXY}}/echo'),
        ].join('\n\n'),
      ),
      'run',
    );
    expect(plan.commands).toEqual(['echo one \\\n  two\necho three']);
    expect(plan.writes).toEqual(['kong.yaml']);
    expect(plan.requests).toEqual([{ method: 'GET', url: 'http://127.0.0.1:9/steal', secrets: ['SANDBOX_TOKEN'] }]);
    expect(needsConsent(plan)).toBe(true);
    expect(planLines(plan)).toContain('      two');
  });

  it('needs no consent for a lesson that only reads text and asks the target', () => {
    const plan = trustPlanOf(lesson(httpCheck('{{PROXY}}/echo')), 'run');
    expect(plan.requests).toEqual([]);
    expect(needsConsent(plan)).toBe(false);
  });

  it('counts --secret names and a lesson variable in the URL as going elsewhere', () => {
    const plan = trustPlanOf(
      lesson(
        httpCheck('{{DEST}}/x', '{{API_TOKEN}}'),
        'targets: [sandbox]\nvars:\n  DEST: { default: "http://a" }\n  API_TOKEN: { secret: true }',
      ),
      'check',
      ['OTHER'],
    );
    expect(plan.requests).toEqual([{ method: 'GET', url: '{{DEST}}/x', secrets: ['API_TOKEN'] }]);
    const passed = trustPlanOf(
      lesson(httpCheck('http://a/x', '{{OTHER}}'), 'targets: [sandbox]\nvars:\n  OTHER: { default: o }'),
      'check',
      ['OTHER'],
    );
    expect(passed.requests[0]?.secrets).toEqual(['OTHER']);
  });

  it("treats a URL as the target's only when nothing after the variable can change the host", () => {
    expect(isTargetUrl('{{PROXY}}/echo')).toBe(true);
    expect(isTargetUrl('{{ ADMIN }}')).toBe(true);
    expect(isTargetUrl('{{KONNECT_SERVER_URL}}?x')).toBe(true);
    expect(isTargetUrl('{{PROXY}}.evil.example/x')).toBe(false);
    expect(isTargetUrl('{{PROXY}}@evil.example/x')).toBe(false);
    expect(isTargetUrl('{{UPSTREAM}}/x')).toBe(false);
    expect(isTargetUrl('http://127.0.0.1:8000/x')).toBe(false);
  });

  it("refuses, at run time, a request to any origin but the target's own", () => {
    const origins = targetOrigins({ PROXY: 'http://127.0.0.1:8000', ADMIN: 'http://127.0.0.1:8001/', UPSTREAM: 'x' });
    expect(origins).toEqual(['http://127.0.0.1:8000', 'http://127.0.0.1:8001']);
    expect(requestRefusal('http://127.0.0.1:8000/echo', origins)).toBeUndefined();
    expect(requestRefusal('http://127.0.0.1:8000@127.0.0.1:9/x', origins)).toMatch(/not sent to http:\/\/127.0.0.1:9/);
    expect(requestRefusal('http://localhost:8000/echo', origins)).toBeDefined();
  });
});

describe('file= writes', () => {
  const folders = () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-confine-')));
    const workdir = join(root, 'work');
    const lessonDir = join(root, 'lesson');
    mkdirSync(workdir);
    mkdirSync(lessonDir);
    return { root, workdir, lessonDir };
  };

  it('stay in the work folder or the lesson folder, decided after variables are filled in', async () => {
    const { root, workdir, lessonDir } = folders();
    expect(await confineWrite('a/b.yaml', workdir, lessonDir)).toEqual({ path: join(workdir, 'a', 'b.yaml') });
    expect(await confineWrite(join(lessonDir, 'x'), workdir, lessonDir)).toEqual({ path: join(lessonDir, 'x') });
    // {{UP}}/{{UP}}/x with UP=.. and {{DEST}}/x with DEST=/etc, as they arrive here.
    expect((await confineWrite('../../x', workdir, lessonDir)).refusal).toMatch(/outside the work folder/);
    expect((await confineWrite(join(root, 'x'), workdir, lessonDir)).refusal).toBeDefined();
    expect((await confineWrite('/etc/x', workdir, lessonDir)).refusal).toBeDefined();
    expect((await confineWrite('.', workdir, lessonDir)).refusal).toBeDefined();
  });

  it('do not follow a link out of the work folder', async () => {
    const { root, workdir, lessonDir } = folders();
    mkdirSync(join(root, 'outside'));
    symlinkSync(join(root, 'outside'), join(workdir, 'out'));
    symlinkSync(join(root, 'outside', 'f'), join(workdir, 'f'));
    symlinkSync(join(root, 'nowhere'), join(workdir, 'dangling'));
    expect((await confineWrite('out/x', workdir, lessonDir)).refusal).toMatch(/a link leads out/);
    expect((await confineWrite('f', workdir, lessonDir)).refusal).toMatch(/a link leads out/);
    expect((await confineWrite('dangling', workdir, lessonDir)).refusal).toBeDefined();
    writeFileSync(join(workdir, 'ok'), '');
    symlinkSync(join(workdir, 'ok'), join(workdir, 'inside'));
    expect(await confineWrite('inside', workdir, lessonDir)).toEqual({ path: join(workdir, 'inside') });
  });
});
