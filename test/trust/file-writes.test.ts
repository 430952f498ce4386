import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLesson, parseLessonFile } from '../../src/lesson/index.js';

const front = (vars: string) => `---\nid: w\ntitle: W\ntargets: [gateway]\n${vars}---\n\n## One\n\n`;

describe('file= paths', () => {
  it('are a lint error at the attribute when the variables lead out, with the values the lesson gives them', () => {
    const text =
      front('vars:\n  UP: { default: .. }\n  DEST: { prompt: where }\n') +
      '```yaml file={{UP}}/{{UP}}/x\na: 1\n```\n\n```yaml file={{DEST}}/x\na: 1\n```\n\n' +
      '```yaml file={{LESSON_DIR}}/{{UP}}/y\na: 1\n```\n\n```yaml file={{WORKDIR}}/ok.yaml\na: 1\n```\n';
    const errors = parseLesson(text, '/tmp/l/w.md').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([
      ['file-outside', 12, 14],
      ['file-outside', 20, 14],
    ]);
    expect(errors[0]?.message).toContain('(../../x)');
    expect(errors[0]?.hint).toContain('{{WORKDIR}}');
  });

  it('are refused at run time when only the run knows the value, and nothing is written', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'kw-writes-')));
    const lessonDir = join(root, 'lesson');
    const workdir = join(root, 'work');
    mkdirSync(lessonDir);
    const file = join(lessonDir, 'w.md');
    const name = `escaped-${process.pid}-${Date.now()}`;
    writeFileSync(
      file,
      `${front('vars:\n  DEST: { prompt: where }\n')}\`\`\`yaml file={{DEST}}/${name}\na: 1\n\`\`\`\n`,
    );
    const parsed = await parseLessonFile(file);
    if (!parsed.lesson) throw new Error(JSON.stringify(parsed.diagnostics));
    const events: RunEvent[] = [];
    const run = new LessonRun({
      lesson: parsed.lesson,
      target: { name: 'gateway', vars: {}, secrets: [], env: {}, description: 'none', close: async () => {} },
      mode: 'run',
      workdir,
      fixturesDir: root,
      vars: { DEST: '../..' },
    });
    mkdirSync(workdir);
    run.subscribe((event) => events.push(event));
    expect(await run.runAll()).not.toBe('passed');
    const finished = events.find((event) => event.type === 'step-finished');
    expect(finished?.type === 'step-finished' && finished.fault?.code).toBe('file-outside');
    expect(existsSync(join(root, '..', name))).toBe(false);
    expect(events.some((event) => event.type === 'file-written')).toBe(false);
  });
});
