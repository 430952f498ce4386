import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeOutput } from '../../src/checks/index.js';
import { LessonRun, type RunEvent } from '../../src/engine/index.js';
import {
  parseLesson,
  parseLessonFile,
  projectLesson,
  type Lesson,
  type OutputExpectation,
} from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'lessons', 'output');

function target(): TargetSession {
  return {
    name: 'gateway',
    vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
    secrets: [],
    env: {},
    description: 'no gateway: these lessons only run commands',
    close: async () => {},
  };
}

async function runLesson(lesson: Lesson, secrets?: Record<string, string>) {
  const events: RunEvent[] = [];
  const run = new LessonRun({
    lesson: projectLesson(lesson, 'gateway'),
    target: target(),
    mode: 'run',
    workdir: mkdtempSync(join(tmpdir(), 'kw-output-')),
    fixturesDir: '/fixtures',
    ...(secrets ? { secrets } : {}),
  });
  run.subscribe((event) => events.push(event));
  const status = await run.runAll();
  const finished = events.flatMap((event) => (event.type === 'check-finished' ? [event] : []));
  return { status, events, finished };
}

async function load(name: string): Promise<Lesson> {
  const parsed = await parseLessonFile(join(fixtures, name));
  if (!parsed.lesson) throw new Error(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return parsed.lesson;
}

describe('output blocks with match=', () => {
  it('pass when the commands print what the blocks declare: exact, pattern and fields', async () => {
    const { status, finished } = await runLesson(await load('expected-output.md'));
    expect(finished.map((event) => [event.name, event.result.status])).toEqual([
      ['output as shown (match=exact)', 'passed'],
      ['output as shown (match=pattern)', 'passed'],
      ['output as shown (match=fields)', 'passed'],
    ]);
    expect(status).toBe('passed');
  });

  it('fail with a per-line diff pointing at the line of the block that is off', async () => {
    const lesson = await load('output-off.md');
    const { status, finished } = await runLesson(lesson);
    expect(status).toBe('failed');
    const [exact] = finished;
    expect(exact?.result.status).toBe('failed');
    expect(exact?.result.expectations).toEqual([
      {
        subject: 'output line 2',
        passed: false,
        expected: 'plan silver',
        actual: 'plan gold',
        source: { file: lesson.file, line: 21, column: 1 },
      },
    ]);
    // The run stops at the first failed step; each step alone shows its own diff.
    const pattern = await runLesson({ ...lesson, steps: [lesson.steps[1]!] });
    expect(pattern.finished[0]?.result.expectations).toEqual([
      expect.objectContaining({
        subject: 'output line 8',
        expected: 'took {{number}} s, request {{hex}}',
        actual: 'took 12.5 ms, request 9f3a7c',
        source: { file: lesson.file, line: 58, column: 1 },
      }),
    ]);
    const fields = await runLesson({ ...lesson, steps: [lesson.steps[2]!] });
    expect(fields.finished[0]?.result.expectations.filter((e) => !e.passed)).toEqual([
      {
        subject: 'field $.username',
        passed: false,
        expected: '"sam"',
        actual: '"alex"',
        source: { file: lesson.file, line: 88, column: 15 },
      },
    ]);
  });

  it('leave output blocks without match= alone, and judge nothing in check mode', async () => {
    const body = '## Say\n\n```sh run\necho hi\n```\n\n```output\nsomething else entirely\n```\n';
    const parsed = parseLesson(`---\nid: t\ntitle: T\ntargets: [gateway]\n---\n\n${body}`, '/tmp/t.md');
    const { status, finished } = await runLesson(parsed.lesson!);
    expect(status).toBe('passed');
    expect(finished).toEqual([]);
  });

  it('masks secrets in the diff', async () => {
    const body =
      '## Say\n\n```sh run\necho "token $API_TOKEN"\n```\n\n```output match=exact\ntoken {{API_TOKEN}}!\n```\n';
    const front = 'targets: [gateway]\nvars:\n  API_TOKEN: { secret: true }';
    const parsed = parseLesson(`---\nid: t\ntitle: T\n${front}\n---\n\n${body}`, '/tmp/t.md');
    const { status, events } = await runLesson(parsed.lesson!, { API_TOKEN: 'kpat_canary12345' });
    expect(status).toBe('failed');
    const text = JSON.stringify(events);
    expect(text).not.toContain('kpat_canary12345');
    expect(text).toContain('token ********!');
  });
});

describe('judgeOutput', () => {
  const at = (line: number) => ({ file: 'l.md', line, column: 1 });
  const expectation = (match: OutputExpectation['match'], text: string): OutputExpectation => ({
    match,
    text,
    lines: text.split('\n').map((_, i) => at(10 + i)),
    fields: [],
  });
  const lookup = () => undefined;

  it('ignores colours, carriage returns, trailing spaces and trailing blank lines', () => {
    const result = judgeOutput(expectation('exact', 'a\nb\n'), '\u001b[32ma\u001b[0m  \r\nb\r\n\n\n', lookup);
    expect(result.status).toBe('passed');
  });

  it('reports a missing line and an extra line, each at its place', () => {
    const missing = judgeOutput(expectation('exact', 'a\nb\nc'), 'a\nc\n', lookup);
    expect(missing.expectations).toEqual([
      { subject: 'output (missing line)', passed: false, expected: 'b', actual: '(missing)', source: at(11) },
    ]);
    const extra = judgeOutput(expectation('exact', 'a\nc'), 'a\nb\nc\n', lookup);
    expect(extra.expectations).toEqual([
      { subject: 'output line 2', passed: false, expected: '(no such line)', actual: 'b', source: at(11) },
    ]);
  });

  it('lets ... stand for any lines, none included, and {{any}} for the rest of a line', () => {
    const block = expectation('pattern', 'start\n...\nend {{any}}');
    expect(judgeOutput(block, 'start\nend now', lookup).status).toBe('passed');
    expect(judgeOutput(block, 'start\nx\ny\nend of it', lookup).status).toBe('passed');
    expect(judgeOutput(block, 'begin\nend', lookup).status).toBe('failed');
  });

  it('takes variables literally inside a pattern', () => {
    const block = expectation('pattern', 'url {{PROXY}}/echo');
    const values = (name: string) => (name === 'PROXY' ? 'http://a.b:8000' : undefined);
    expect(judgeOutput(block, 'url http://a.b:8000/echo', values).status).toBe('passed');
    expect(judgeOutput(block, 'url http://aXb:8000/echo', values).status).toBe('failed');
  });
});
