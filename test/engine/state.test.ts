import { describe, expect, it } from 'vitest';
import {
  countSteps,
  initialRunState,
  OUTPUT_LINES_KEPT,
  reduce,
  type CheckItem,
  type CommandItem,
  type RunEvent,
  type RunState,
} from '../../src/engine/index.js';
import { events } from '../report/sample-run.js';

const fold = (list: readonly RunEvent[], from: RunState = initialRunState) => list.reduce(reduce, from);
const at = { file: 'x.md', line: 1, column: 1 };

describe('reduce', () => {
  const final = fold(events);

  it('follows a whole lesson to its final state', () => {
    expect(final.status).toBe('failed');
    expect(final.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped']);
    expect(countSteps(final)).toEqual({ passed: 1, failed: 1, error: 0, skipped: 1, cancelled: 0 });
    expect(final.currentStep).toBeUndefined();
  });

  it('keeps commands with their output and exit code', () => {
    const command = final.steps[0]!.items[0] as CommandItem;
    expect(command).toMatchObject({
      kind: 'command',
      status: 'ok',
      exitCode: 0,
      output: [{ stream: 'stdout', line: 'synced: 1 service, 1 route' }],
    });
  });

  it('collects the responses of a sequence for live charts', () => {
    const check = final.steps[1]!.items[0] as CheckItem;
    expect(check.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(check.status).toBe('failed');
  });

  it('never mutates the state it was given', () => {
    const before = fold(events.slice(0, 4));
    const snapshot = JSON.stringify(before);
    reduce(before, events[4]!);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('starts a re-run step afresh but keeps command output when only re-checking', () => {
    const rerun = reduce(final, {
      type: 'step-started',
      step: 0,
      stepId: 'sync',
      title: 'Sync the config',
      mode: 'run',
    });
    expect(rerun.steps[0]!.items).toEqual([]);
    const recheck = reduce(final, {
      type: 'step-started',
      step: 0,
      stepId: 'sync',
      title: 'Sync the config',
      mode: 'check',
    });
    expect(recheck.steps[0]!.items.map((item) => item.kind)).toEqual(['command']);
    expect(recheck.steps[0]!.status).toBe('running');
  });

  it('resets the responses at each polling attempt', () => {
    const polling = fold(
      [
        {
          type: 'check-started',
          step: 1,
          blockId: 'p',
          name: 'poll',
          kind: 'http',
          repeat: 2,
          timeoutMs: 5000,
          source: at,
        },
        {
          type: 'check-progress',
          step: 1,
          blockId: 'p',
          progress: { type: 'attempt', attempt: 1, elapsedMs: 0, timeoutMs: 5000, nextAttemptInMs: 1000 },
        },
        {
          type: 'check-progress',
          step: 1,
          blockId: 'p',
          progress: { type: 'response', index: 0, of: 2, status: 404, passed: false, rateLimit: {} },
        },
        {
          type: 'check-progress',
          step: 1,
          blockId: 'p',
          progress: {
            type: 'attempt',
            attempt: 2,
            elapsedMs: 1000,
            timeoutMs: 5000,
            nextAttemptInMs: 1000,
            lastFailure: 'status 404',
          },
        },
      ],
      fold(events.slice(0, 9)),
    );
    const check = polling.steps[1]!.items.at(-1) as CheckItem;
    expect(check.attempt).toEqual({ number: 2, elapsedMs: 1000, timeoutMs: 5000, lastFailure: 'status 404' });
    expect(check.responses).toEqual([]);
  });

  it('bounds the output it keeps per command', () => {
    const started = fold(events.slice(0, 3));
    const lines: RunEvent[] = Array.from({ length: OUTPUT_LINES_KEPT + 20 }, (_, i) => ({
      type: 'output',
      step: 0,
      blockId: 'sync-1',
      stream: 'stdout',
      line: `line ${i}`,
    }));
    const command = fold(lines, started).steps[0]!.items[0] as CommandItem;
    expect(command.output).toHaveLength(OUTPUT_LINES_KEPT);
    expect(command.droppedLines).toBe(20);
    expect(command.output[0]!.line).toBe('line 20');
  });
});
