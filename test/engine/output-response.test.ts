import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLesson, parseLessonFile, projectLesson, type Lesson } from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';

const file = join(import.meta.dirname, '..', '..', 'fixtures', 'lessons', 'output', 'response.md');

async function run(lesson: Lesson) {
  const events: RunEvent[] = [];
  const target: TargetSession = {
    name: 'gateway',
    vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
    secrets: [],
    env: {},
    description: 'no gateway: the commands print responses',
    close: async () => {},
  };
  const lessonRun = new LessonRun({
    lesson: projectLesson(lesson, 'gateway'),
    target,
    mode: 'run',
    workdir: mkdtempSync(join(tmpdir(), 'kw-response-')),
    fixturesDir: '/fixtures',
  });
  lessonRun.subscribe((event) => events.push(event));
  const status = await lessonRun.runAll();
  return { status, finished: events.flatMap((event) => (event.type === 'check-finished' ? [event] : [])) };
}

async function load(): Promise<Lesson> {
  const parsed = await parseLessonFile(file);
  if (!parsed.lesson) throw new Error(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return parsed.lesson;
}

describe('output match=response: the status and headers of the learner’s own curl', () => {
  it('passes on the last response curl -i printed: status, headers in any order, JSON, text', async () => {
    const { status, finished } = await run(await load());
    expect(finished.map((event) => event.result.status)).toEqual(['passed', 'passed']);
    expect(finished[0]?.result.expectations.map((e) => [e.subject, e.actual])).toEqual([
      ['status', '429'],
      ['header RateLimit-Remaining', '0'],
      ['header Retry-After', '37'],
      ['field $.message', '"API rate limit exceeded"'],
    ]);
    expect(status).toBe('passed');
  });

  it('fails at the line of the block that differs', async () => {
    const lesson = await load();
    const text = (await import('node:fs')).readFileSync(file, 'utf8').replace('Retry-After: 37', 'Retry-After: soon');
    const parsed = parseLesson(text.replace('HTTP/2 401', 'HTTP/2 200'), file);
    const { status, finished } = await run(parsed.lesson!);
    expect(status).toBe('failed');
    const failed = finished[0]?.result.expectations.filter((e) => !e.passed);
    expect(failed).toEqual([
      {
        subject: 'header Retry-After',
        passed: false,
        expected: '{{number}}',
        actual: 'soon',
        source: { file: lesson.file, line: 26, column: 1 },
      },
    ]);
  });

  it('lints a block that is not a response where it goes wrong', () => {
    const text = [
      '---',
      'id: bad-response',
      'title: Bad response',
      'targets: [gateway]',
      '---',
      '',
      '## Step',
      '',
      '```sh run',
      'curl -si "{{PROXY}}/echo"',
      '```',
      '',
      '```output match=response',
      'HTTP/1.1 200 OK',
      'not a header',
      '```',
      '',
      '```output match=response',
      '200 OK',
      '```',
      '',
      '```output match=reponse',
      'HTTP/1.1 200 OK',
      '```',
    ].join('\n');
    const errors = parseLesson(text, 'bad.md').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '15:1 invalid-output',
      '19:1 invalid-output',
      '22:17 invalid-attribute',
    ]);
  });
});
