import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLessonFile, projectLesson, type Block, type Lesson, type TargetName } from '../../src/lesson/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

// The kind lessons, offline: on the kind-lab target the lessons apply the same fixture
// manifests as on kind (with kong-workshop instead of kubectl), run the same `check k8s` blocks,
// and pass end to end against the sandbox's kube lab.

const lessonsDir = join(repoRoot, 'lessons');
let lessons: Lesson[];
beforeAll(async () => {
  lessons = [];
  for (const name of readdirSync(lessonsDir)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const { lesson } = await parseLessonFile(join(lessonsDir, name));
    if (lesson) lessons.push(lesson);
  }
});

function blocksOn(lesson: Lesson, target: TargetName): Block[] {
  const projected = projectLesson(lesson, target);
  return [...projected.steps, ...(projected.cleanup ? [projected.cleanup] : [])].flatMap((step) => step.blocks);
}

const k8sChecks = (lesson: Lesson, target: TargetName) =>
  blocksOn(lesson, target).flatMap((b) =>
    b.type === 'check' && b.spec.kind === 'k8s' ? [{ name: b.name, spec: b.spec }] : [],
  );
const manifests = (lesson: Lesson, target: TargetName) =>
  blocksOn(lesson, target)
    .flatMap((b) =>
      b.type === 'run'
        ? [...b.command.matchAll(/\{\{FIXTURES\}\}\/((?:kic|operator)\/[\w.-]+\.yaml)/g)].map((m) => m[1]!)
        : [],
    )
    .sort();
const programs = (lesson: Lesson, target: TargetName) =>
  blocksOn(lesson, target).flatMap((b) =>
    b.type === 'run'
      ? b.command
          .replaceAll('\\\n', ' ')
          .split(/\n|\|/)
          .map((part) => part.trim().split(/\s+/)[0] ?? '')
          .filter(Boolean)
      : [],
  );

describe('the kind-lab variant of the lessons', () => {
  it('is offered by every lesson that has a kind variant', () => {
    const kind = lessons.filter((l) => l.targets.includes('kind')).map((l) => l.id);
    expect(kind.length).toBeGreaterThan(0);
    expect(lessons.filter((l) => l.targets.includes('kind-lab')).map((l) => l.id)).toEqual(kind);
  });

  it('runs the same check k8s blocks as the kind variant', () => {
    for (const lesson of lessons.filter((l) => l.targets.includes('kind-lab'))) {
      expect(k8sChecks(lesson, 'kind-lab'), lesson.id).toEqual(k8sChecks(lesson, 'kind'));
    }
    expect(lessons.flatMap((l) => k8sChecks(l, 'kind-lab'))).toHaveLength(11);
  });

  it('applies the same fixture manifests, with nothing but kong-workshop and sed', () => {
    for (const lesson of lessons.filter((l) => l.targets.includes('kind-lab'))) {
      expect(manifests(lesson, 'kind-lab'), lesson.id).toEqual(manifests(lesson, 'kind'));
      const used = new Set(programs(lesson, 'kind-lab'));
      expect(used.has('kong-workshop'), lesson.id).toBe(true);
      for (const program of used) expect(['kong-workshop', 'sed'], `${lesson.id} runs ${program}`).toContain(program);
    }
  });
});

describe('kong-workshop run lessons --target kind-lab (the built CLI)', () => {
  afterAll(async () => {
    await runCli(['sandbox', 'stop']);
  });

  it('passes every lesson end to end, clean-ups included, against the kube lab', async () => {
    const result = await runCli(
      [
        'run',
        'lessons',
        '--target',
        'kind-lab',
        '--proxy-port',
        '0',
        '--admin-port',
        '0',
        '--kube-port',
        '0',
        '--cleanup',
        '--format',
        'json',
      ],
      { timeoutMs: 90_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      status: string;
      target: string;
      summary: { checks: { passed: number; failed: number; error: number; notRun: number } };
      lessons: { id: string; status: string }[];
    };
    expect(report).toMatchObject({ status: 'passed', target: 'kind-lab' });
    expect(report.lessons.map((l) => [l.id, l.status])).toEqual(
      lessons.filter((l) => l.targets.includes('kind-lab')).map((l) => [l.id, 'passed']),
    );
    expect(report.summary.checks).toMatchObject({ failed: 0, error: 0, notRun: 0 });
    const checks = lessons
      .filter((l) => l.targets.includes('kind-lab'))
      .flatMap((l) => blocksOn(l, 'kind-lab').filter((b) => b.type === 'check'));
    expect(report.summary.checks.passed).toBe(checks.length);
  }, 120_000);
});
