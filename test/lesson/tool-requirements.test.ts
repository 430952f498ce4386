import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLessonFile, toolRequirementsOn, type Lesson } from '../../src/lesson/index.js';

const lessonsDir = join(import.meta.dirname, '..', '..', 'lessons');

describe('toolRequirementsOn', () => {
  it('keeps each tool once, with the highest minimum any lesson states for the target', () => {
    const lessons = [
      {
        targets: ['kind', 'gateway'] as const,
        tools: { kind: [{ name: 'kubectl' }], gateway: [{ name: 'deck', minimum: '1.28' }] },
      },
      { targets: ['gateway'] as const, tools: { gateway: [{ name: 'deck', minimum: '1.36' }, { name: 'curl' }] } },
      { targets: ['kind'] as const, tools: { '*': [{ name: 'kubectl', minimum: '1.25' }] } },
      { targets: ['gateway'] as const, tools: { gateway: [{ name: 'deck' }] } },
    ];
    expect(toolRequirementsOn(lessons, 'gateway')).toEqual([{ name: 'deck', minimum: '1.36' }, { name: 'curl' }]);
    expect(toolRequirementsOn(lessons, 'kind')).toEqual([{ name: 'kubectl', minimum: '1.25' }]);
    expect(toolRequirementsOn(lessons, 'sandbox')).toEqual([]);
  });

  it("reads the bundled lessons' stated versions", async () => {
    const lessons: Lesson[] = [];
    for (const name of ['00-setup.md', '01-auth-configuration.md', '04-per-consumer-limits.md']) {
      const { lesson } = await parseLessonFile(join(lessonsDir, name));
      if (lesson) lessons.push(lesson);
    }
    expect(toolRequirementsOn(lessons, 'konnect')).toEqual([
      { name: 'deck', minimum: '1.28' },
      { name: 'kongctl', minimum: '0.3.3' },
    ]);
    expect(toolRequirementsOn(lessons, 'gateway')).toEqual([
      { name: 'deck', minimum: '1.36' },
      { name: 'curl', minimum: '7.76' },
    ]);
    expect(toolRequirementsOn(lessons, 'kind')).toEqual([
      { name: 'kind' },
      { name: 'kubectl', minimum: '1.25' },
      { name: 'helm', minimum: '3.2' },
    ]);
  });
});
