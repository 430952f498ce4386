import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupOnly, resetLessons } from '../../src/demo/index.js';
import type { RunEvent } from '../../src/engine/index.js';
import type { Lesson } from '../../src/lesson/index.js';
import { Redactor } from '../../src/secrets/index.js';
import type { TargetSession } from '../../src/targets/index.js';
import { fence, shellLesson } from './lessons.js';
import { tempDir } from '../helpers/temp-dirs.js';

const target: TargetSession = {
  name: 'gateway',
  vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
  secrets: [],
  env: {},
  description: 'a test gateway',
  close: async () => {},
};

const withCleanup = (file: string, id: string, cleanup: string) =>
  shellLesson(file, id, [['Do', 'echo do >> "$LOG"']], `\n\n## Clean up\n\n${fence('sh run', cleanup)}`);

async function reset(lessons: readonly Lesson[], secrets: Record<string, string> = {}) {
  const dir = tempDir('kw-reset-');
  const log = join(dir, 'log');
  const events: RunEvent[] = [];
  const skipped: string[] = [];
  const redactor = new Redactor();
  for (const value of Object.values(secrets)) redactor.add(value);
  const outcomes = await resetLessons({
    lessons,
    target,
    redactor,
    vars: { LOG: log },
    secrets,
    workdirFor: (lesson) => join(dir, lesson.id),
    fixturesDirFor: () => '/fixtures',
    onEvent: (event) => events.push(event),
    onSkip: (lesson, reason) => skipped.push(`${lesson.id}: ${reason}`),
  });
  const read = () => {
    try {
      return readFileSync(log, 'utf8');
    } catch {
      return '';
    }
  };
  return { outcomes, events, skipped, log: read() };
}

describe('demo --reset', () => {
  it("runs each lesson's clean-up only, the last lesson first", async () => {
    const { outcomes, log, events } = await reset([
      withCleanup('/t/1.md', 'one', 'echo undo-one >> "$LOG"'),
      withCleanup('/t/2.md', 'two', 'echo undo-two >> "$LOG"'),
    ]);
    expect(log).toBe('undo-two\nundo-one\n');
    expect(outcomes.map((o) => [o.lesson.id, o.status])).toEqual([
      ['two', 'passed'],
      ['one', 'passed'],
    ]);
    const started = events.filter((e) => e.type === 'step-started').map((e) => (e as { title: string }).title);
    expect(started).toEqual(['Clean up', 'Clean up']);
  });

  it('skips a lesson with nothing to clean up, and goes on after a clean-up that fails', async () => {
    const { outcomes, log, skipped } = await reset([
      withCleanup('/t/1.md', 'one', 'echo undo-one >> "$LOG"'),
      shellLesson('/t/2.md', 'two', [['Do', 'true']]),
      withCleanup('/t/3.md', 'three', 'echo undo-three >> "$LOG"; exit 2'),
    ]);
    expect(log).toBe('undo-three\nundo-one\n');
    expect(outcomes.map((o) => o.status)).toEqual(['error', 'nothing', 'passed']);
    expect(skipped).toEqual(['two: it has nothing to clean up on the gateway target']);
  });

  it('masks secrets in what the clean-up prints', async () => {
    const { events } = await reset([withCleanup('/t/1.md', 'one', 'echo "revoking $TOKEN"')], {
      TOKEN: 'canary-reset-7781',
    });
    expect(JSON.stringify(events)).not.toContain('canary-reset-7781');
    expect(events.find((e) => e.type === 'output')).toMatchObject({ line: 'revoking ********' });
  });

  it('reduces a lesson to its clean-up, or nothing when it has none', () => {
    const only = cleanupOnly(withCleanup('/t/1.md', 'one', 'true'))!;
    expect(only.steps).toEqual([]);
    expect(only.cleanup?.title).toBe('Clean up');
    expect(cleanupOnly(shellLesson('/t/2.md', 'two', [['Do', 'true']]))).toBeUndefined();
  });
});
