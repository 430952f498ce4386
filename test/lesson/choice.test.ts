import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLesson, parseLessonFile, projectLesson, type Lesson } from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';

const file = join(import.meta.dirname, '..', '..', 'fixtures', 'lessons', 'choice', 'routing-choice.md');

function target(): TargetSession {
  return {
    name: 'gateway',
    vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
    secrets: [],
    env: {},
    description: 'no gateway: this lesson only runs commands',
    close: async () => {},
  };
}

async function load(): Promise<Lesson> {
  const parsed = await parseLessonFile(file);
  if (!parsed.lesson) throw new Error(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return parsed.lesson;
}

async function run(lesson: Lesson, options: { vars?: Record<string, string>; answer?: string } = {}) {
  const events: RunEvent[] = [];
  const asked: string[] = [];
  const lessonRun = new LessonRun({
    lesson: projectLesson(lesson, 'gateway'),
    target: target(),
    mode: 'run',
    workdir: mkdtempSync(join(tmpdir(), 'kw-choice-')),
    fixturesDir: '/fixtures',
    ...(options.vars ? { vars: options.vars } : {}),
    ...(options.answer !== undefined
      ? {
          prompt: async (request) => {
            asked.push(`${request.variable.name}: ${request.variable.hint}`);
            return options.answer;
          },
        }
      : {}),
  });
  lessonRun.subscribe((event) => events.push(event));
  const status = await lessonRun.runAll();
  const commands = events.flatMap((event) => (event.type === 'command-started' ? [event.command] : []));
  return { status, commands, asked, picked: lessonRun.variables.get('ROUTING') };
}

describe('learner’s choice parts (::: choice=GROUP:option)', () => {
  it('parse into the lesson’s choices, options in order, and tag the blocks and sections inside', async () => {
    const lesson = await load();
    expect(lesson.choices).toEqual([
      { name: 'ROUTING', options: ['gateway-api', 'ingress'], source: { file: lesson.file, line: 16, column: 12 } },
    ]);
    const step = lesson.steps[0]!;
    const tags = step.blocks.map((block) => block.choices?.[0]?.options.join(',') ?? '-');
    expect(tags).toEqual(['-', 'gateway-api', 'gateway-api', 'ingress', 'ingress', '-']);
    expect(step.sections[0]?.blocks[0]?.choices).toEqual([{ group: 'ROUTING', options: ['ingress'] }]);
  });

  it('run only the first option’s part headless, and the picked one with --choice', async () => {
    const lesson = await load();
    const first = await run(lesson);
    expect(first.status).toBe('passed');
    expect(first.commands).toEqual(['echo "HTTPRoute echo"']);
    expect(first.picked).toBe('gateway-api');
    const picked = await run(lesson, { vars: { ROUTING: 'ingress' } });
    expect(picked.status).toBe('passed');
    expect(picked.commands).toEqual(['echo "Ingress echo"']);
  });

  it('ask once when the step is reached, taking an option’s number, and refuse an option not offered', async () => {
    const lesson = await load();
    const asked = await run(lesson, { answer: '2' });
    expect(asked.asked).toEqual(['ROUTING: 1 gateway-api · 2 ingress: type a number or a name']);
    expect(asked.picked).toBe('ingress');
    expect(asked.commands).toEqual(['echo "Ingress echo"']);
    // A pick saved with progress comes back as a known value: nobody is asked again.
    const resumed = await run(lesson, { vars: { ROUTING: 'ingress' }, answer: '1' });
    expect(resumed.asked).toEqual([]);
    const wrong = await run(lesson, { vars: { ROUTING: 'helm' } });
    expect(wrong.status).toBe('error');
    expect(wrong.commands).toEqual([]);
  });

  it('lint every problem of a choice= at its line and column', () => {
    const text = [
      '---',
      'id: bad-choice',
      'title: Bad choices',
      'targets: [sandbox]',
      '---',
      '',
      '::: choice=ROUTING:gateway-api',
      '',
      '## Wrapped',
      '',
      ':::',
      '',
      '## Step',
      '',
      '::: choice=routing:a,,b choice=X:y',
      '',
      ':::',
      '',
      '::: choice=PROXY:a',
      '',
      ':::',
      '',
      '::: choice=TOOL:deck',
      '',
      '::: choice=TOOL:admin-api',
      '',
      ':::',
      '',
      ':::',
      '',
      '::: choice=TOOL',
      '',
      ':::',
      '',
    ].join('\n');
    const { diagnostics } = parseLesson(text, 'bad.md');
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '7:1 choice-wraps-step',
      '15:12 invalid-variable-name',
      '15:22 invalid-attribute',
      '15:25 duplicate-attribute',
      '19:12 reserved-variable',
      '25:12 unreachable-choice',
      '31:12 invalid-attribute',
    ]);
  });
});

it('lets {{GROUP}} be used from the first step with a part for the choice, not before', () => {
  const text = [
    '---',
    'id: choice-variable',
    'title: The pick as a variable',
    'targets: [sandbox]',
    '---',
    '',
    '## Before',
    '',
    '```sh run',
    'echo "{{TOOL}}"',
    '```',
    '',
    '## Pick',
    '',
    '::: choice=TOOL:deck',
    '',
    '```sh run',
    'echo deck',
    '```',
    '',
    ':::',
    '',
    '```sh run',
    'echo "{{TOOL}}"',
    '```',
  ].join('\n');
  const undefinedRefs = parseLesson(text, 'pick.md').diagnostics.filter((d) => d.code === 'undefined-variable');
  expect(undefinedRefs.map((d) => `${d.line}:${d.column}`)).toEqual(['10:7']);
});

describe('a step with choice parts on screen', () => {
  const text = (lines: readonly (readonly { text: string }[])[]) =>
    lines.map((line) => line.map((s) => s.text).join(''));
  it('labels every option’s part until the learner picks, then hides the others', async () => {
    const { stepProseLines } = await import('../../src/ui/lesson-prose.js');
    const lesson = projectLesson(await load(), 'gateway');
    const base = { lesson, stepIndex: 0, previews: {}, width: 80, showHint: true, showSolution: false };
    const open = text(stepProseLines(base).lines).join('\n');
    expect(open).toContain('▸ if you pick routing: gateway-api');
    expect(open).toContain('▸ if you pick routing: ingress');
    const picked = text(stepProseLines({ ...base, picks: { ROUTING: 'gateway-api' } }).lines).join('\n');
    expect(picked).toContain('HTTPRoute echo');
    expect(picked).not.toContain('Ingress echo');
    expect(picked).not.toContain('ingress class');
  });
});
