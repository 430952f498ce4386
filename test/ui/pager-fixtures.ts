import type { RunEvent } from '../../src/engine/index.js';
import type { Lesson } from '../../src/lesson/model.js';
import { file, firstStepPassed } from './fixtures.js';

const at = (line: number) => ({ file, line, column: 1 });

/** A value a lesson marked secret; the canary tests look for it on every screen. */
export const CANARY = 'kpat_canary0123456789abcdefSECRET';

/** The last line the long command printed: a pager that shows it showed everything. */
export const LAST_OUTPUT_LINE = 'line 60 of 60: the end';

/**
 * Step 1 again, with everything a compact screen cuts: a three-line command printing 60 lines,
 * and a failed check with a multi-line stdout and a body longer than the 500 characters kept.
 * With `leak`, the engine "missed" a secret: the body carries it unmasked.
 */
export function stepWithCuts(lesson: Lesson, leak = false): RunEvent[] {
  const step = lesson.steps[0]!;
  const run = step.blocks.find((b) => b.type === 'run')!;
  const check = step.blocks.find((b) => b.type === 'check')!;
  const [started] = firstStepPassed(lesson);
  const lines = Array.from({ length: 60 }, (_, i) => (i === 59 ? LAST_OUTPUT_LINE : `line ${i + 1} of 60`));
  const fields = Array.from({ length: 80 }, (_, i) => `  "f${i}": ${leak && i === 2 ? `"${CANARY}"` : i},`);
  const body = `{\n${fields.join('\n')}\n  "end": true\n}`;
  return [
    started!,
    { type: 'step-started', step: 0, stepId: step.id, title: step.title, mode: 'run' },
    {
      type: 'command-started',
      step: 0,
      blockId: run.id,
      command: 'for i in $(seq 60); do\n  echo "line $i"\ndone',
      purpose: 'run',
      timeoutMs: 60_000,
      source: at(20),
    },
    ...lines.map((line): RunEvent => ({ type: 'output', step: 0, blockId: run.id, stream: 'stdout', line })),
    {
      type: 'command-finished',
      step: 0,
      blockId: run.id,
      exitCode: 0,
      expectedExit: 0,
      durationMs: 80,
      timedOut: false,
      cancelled: false,
      ok: true,
    },
    { type: 'check-started', step: 0, blockId: check.id, name: 'alex exists', kind: 'http', repeat: 1, source: at(24) },
    {
      type: 'check-finished',
      step: 0,
      blockId: check.id,
      name: 'alex exists',
      source: at(24),
      result: {
        kind: 'http',
        status: 'failed',
        attempts: 1,
        durationMs: 9,
        extracted: {},
        expectations: [{ subject: 'stdout', passed: false, expected: 'matches /ready/', actual: 'one\ntwo\nthree' }],
        response: {
          status: 500,
          headers: {},
          bodyExcerpt: `${body.slice(0, 500)}…`,
          bodyLength: body.length + 700,
        },
      },
    },
    { type: 'step-finished', step: 0, stepId: step.id, status: 'failed', durationMs: 100 },
  ];
}
