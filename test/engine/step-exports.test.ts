import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLesson, type Lesson } from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';

// Issue 13, item 2: a re-check in a later session gets what the step's commands exported, as
// progress (plain values) and the credential store (values that hold a secret) saved them.

const TOKEN = 'kpat_canary_0123456789';
const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

function lesson(): Lesson {
  const body = [
    `## Export\n\n${fence('sh run', `export GREETING=hello\nexport MY_PAT="$SANDBOX_TOKEN"\nexport GONE=soon`)}`,
    fence(
      'check cmd',
      'name: the greeting is exported\nrun: test "$GREETING" = hello && test "$MY_PAT" = "$SANDBOX_TOKEN"',
    ),
    `## Unset\n\n${fence('sh run', 'unset GONE')}`,
    fence('check cmd', 'name: GONE is gone\nrun: test -z "$(printenv GONE)"'),
  ].join('\n\n');
  const result = parseLesson(`---\nid: t\ntitle: T\ntargets: [sandbox]\n---\n\n${body}\n`, '/tmp/t.md');
  if (!result.lesson) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.lesson;
}

const target: TargetSession = {
  name: 'sandbox',
  vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', SANDBOX_TOKEN: TOKEN, UPSTREAM: 'http://echo' },
  secrets: [TOKEN],
  env: {},
  description: 'no sandbox needed',
  close: async () => {},
};

async function open(mode: 'run' | 'check', restoredExports?: Parameters<typeof createLessonRun>[0]['restoredExports']) {
  const run = await createLessonRun({
    lesson: lesson(),
    target,
    mode,
    workdir: mkdtempSync(join(tmpdir(), 'kw-exports-')),
    fixturesDir: '/fixtures',
    ...(restoredExports ? { restoredExports } : {}),
  });
  expect(await run.start()).toBeUndefined();
  return run;
}

describe("a step's exports, saved with it", () => {
  it('are what the commands exported and did not unset, a secret value kept apart', async () => {
    const learner = await open('run');
    expect(learner.exportsToSave(), 'nothing ran yet').toBeUndefined();
    expect(await learner.runStep(0)).toBe('passed');
    expect(learner.exportsToSave()).toEqual({ plain: { GREETING: 'hello', GONE: 'soon' }, secret: { MY_PAT: TOKEN } });
    expect(await learner.runStep(1)).toBe('passed');
    const saved = learner.exportsToSave();
    expect(saved).toEqual({ plain: { GREETING: 'hello' }, secret: { MY_PAT: TOKEN } });
    await learner.finish();

    // A later session's re-check: with what was saved the checks hold; without it, they would not.
    const resumed = await open('check', saved);
    const events: RunEvent[] = [];
    resumed.subscribe((event) => events.push(event));
    expect(await resumed.checkStep(0)).toBe('passed');
    expect(await resumed.checkStep(1)).toBe('passed');
    // The secret export is masked like any secret.
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    await resumed.finish();

    const bare = await open('check');
    expect(await bare.checkStep(0)).toBe('failed');
    await bare.finish();
  });
});
