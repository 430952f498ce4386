import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHttpAgent } from '../../src/checks/index.js';
import { createLessonRun, type LessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLessonFile, projectLesson, type Lesson } from '../../src/lesson/index.js';
import { targetFor, type TargetSession } from '../../src/targets/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

// Issue 13: quitting after any step of any bundled lesson and resuming with a re-check never
// reports a step as failed that still holds. The learner's session runs the steps one by one on
// a real sandbox (a background one, as `kong-workshop sandbox start` leaves it); after each step a
// new session, as a later process would open it (only what progress saved: no exports of the
// learner's shell), re-checks every step done so far, the way the TUI's re-check and `check` do.

const lessonsDir = join(repoRoot, 'lessons');
const fixturesDir = join(repoRoot, 'fixtures');
const files = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => join(lessonsDir, name));

let target: TargetSession;
const workRoot = mkdtempSync(join(tmpdir(), 'kw-resume-'));

beforeAll(async () => {
  const started = await runCli(['sandbox', 'start', '--proxy-port', '0', '--admin-port', '0', '--kube-port', '0']);
  expect(started.code, started.stderr).toBe(0);
  target = await targetFor('sandbox').prepare({ vars: {}, settings: {}, log: () => {} });
}, 60_000);

afterAll(async () => {
  await target?.close();
  await closeHttpAgent();
  await runCli(['sandbox', 'stop']);
});

type Saved = Pick<Parameters<typeof createLessonRun>[0], 'restored' | 'restoredExports'>;

async function openRun(lesson: Lesson, mode: 'run' | 'check', saved: Saved = {}): Promise<LessonRun> {
  const run = await createLessonRun({
    lesson,
    target,
    mode,
    workdir: join(workRoot, lesson.id),
    fixturesDir,
    ...saved,
  });
  const fault = await run.start();
  expect(fault).toBeUndefined();
  return run;
}

/** Every check that failed in a run, as "step › check: first failing expectation". */
function failures(events: readonly RunEvent[], lesson: Lesson): string[] {
  return events.flatMap((event) => {
    if (event.type !== 'check-finished' || event.result.status === 'passed') return [];
    const failed = event.result.expectations.find((e) => !e.passed);
    const why = failed
      ? `${failed.subject}: expected ${failed.expected}, actual ${failed.actual}`
      : event.result.fault?.message;
    return [`${lesson.steps[event.step]?.title} › ${event.name}: ${why}`];
  });
}

describe('a resumed session re-checks the steps done so far', () => {
  it('with no false failure, after every step of every bundled lesson, in the workshop order', async () => {
    for (const file of files) {
      const parsed = await parseLessonFile(file);
      if (!parsed.lesson) throw new Error(`${file} does not parse`);
      const lesson = projectLesson(parsed.lesson, 'sandbox');
      const learner = await openRun(lesson, 'run');
      try {
        for (let step = 0; step < lesson.steps.length; step++) {
          const events: RunEvent[] = [];
          const off = learner.subscribe((event) => events.push(event));
          const status = await learner.runStep(step);
          off();
          expect(status, `${lesson.id} step ${step + 1}: ${failures(events, lesson).join('\n')}`).toBe('passed');

          // What progress and the credential store would hold, and nothing else of the learner's session.
          const exports = learner.exportsToSave();
          const resumed = await openRun(lesson, 'check', {
            restored: learner.variables.savable(),
            ...(exports ? { restoredExports: exports } : {}),
          });
          const rechecked: RunEvent[] = [];
          resumed.subscribe((event) => rechecked.push(event));
          try {
            for (let done = 0; done <= step; done++) await resumed.checkStep(done);
          } finally {
            await resumed.finish();
          }
          expect(failures(rechecked, lesson), `${lesson.id}, re-checked after step ${step + 1}`).toEqual([]);
        }
      } finally {
        await learner.finish();
      }
    }
  }, 240_000);
});

describe("the learner's own shell", () => {
  it('gets the variables a lesson declares for its commands and checks (kong-workshop env --lesson)', async () => {
    const env = await runCli(['env', '--lesson', join(lessonsDir, '01-auth-configuration.md')]);
    expect(env.code, env.stderr).toBe(0);
    expect(env.stdout).toContain("export DECK_UPSTREAM='http://echo'");
  });
});
