import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-new-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kong-workshop new', () => {
  it('writes a lesson that lints clean, with no warnings either', async () => {
    const created = await runCli(['new', 'demo-lesson'], { cwd: dir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('wrote demo-lesson.md');
    const lint = await runCli(['lint', '--strict', 'demo-lesson.md'], { cwd: dir });
    expect(lint).toMatchObject({ code: 0, stdout: '1 file ok' });
    const lesson = parseLesson(readFileSync(join(dir, 'demo-lesson.md'), 'utf8'), 'demo-lesson.md').lesson;
    expect(lesson?.id).toBe('demo-lesson');
    expect(lesson?.steps[0]?.blocks.map((block) => block.type)).toEqual(['prose', 'file', 'run', 'check']);
    expect(lesson?.cleanup).toBeDefined();
  });

  it('never overwrites a lesson, and refuses an id that is not kebab-case (exit 1)', async () => {
    await runCli(['new', 'kept'], { cwd: dir });
    const again = await runCli(['new', 'kept'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('kept.md already exists');
    const bad = await runCli(['new', 'My Lesson'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'My Lesson' is not a lesson id");
  });
});
