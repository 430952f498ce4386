import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/engine/index.js';
import { idlePromptLines, terminalLines } from '../../../src/ui/demo/terminal-lines.js';
import { lineText } from '../../../src/ui/styled-text.js';
import { fence, lesson } from '../../demo/lessons.js';
import { fold } from './fixtures.js';

const twoCommands = lesson(
  '/t/t.md',
  'id: t\ntitle: T\ntargets: [gateway]',
  `## Sync\n\n${fence('yaml file=kong.yaml', 'a: 1')}\n\n${fence(
    'sh run',
    'kong-workshop sandbox sync kong.yaml ' + '\\\n  --select-tag demo',
  )}\n\n${fence('sh run capture=ID', 'echo id-1')}`,
);
const [file, sync, capture] = twoCommands.steps[0]!.blocks;
const at = { file: '/t/t.md', line: 1, column: 1 };

function ran(outputLines: number): RunEvent[] {
  return [
    {
      type: 'lesson-started',
      lessonId: 't',
      title: 'T',
      file: '/t/t.md',
      target: 'gateway',
      targetDescription: 'x',
      mode: 'run',
      steps: [{ id: 'sync', title: 'Sync' }],
      at: 0,
    },
    { type: 'step-started', step: 0, stepId: 'sync', title: 'Sync', mode: 'run' },
    { type: 'file-written', step: 0, blockId: file!.id, path: '/tmp/work/t/kong.yaml', source: at },
    {
      type: 'command-started',
      step: 0,
      blockId: sync!.id,
      command: 'kong-workshop sandbox sync kong.yaml \\\n  --select-tag demo',
      purpose: 'run',
      timeoutMs: 1000,
      source: at,
    },
    ...Array.from(
      { length: outputLines },
      (_, i): RunEvent => ({ type: 'output', step: 0, blockId: sync!.id, stream: 'stdout', line: `line ${i + 1}` }),
    ),
    {
      type: 'command-finished',
      step: 0,
      blockId: sync!.id,
      exitCode: 0,
      expectedExit: 0,
      durationMs: 12,
      timedOut: false,
      cancelled: false,
      ok: true,
    },
    {
      type: 'command-started',
      step: 0,
      blockId: capture!.id,
      command: 'echo id-1',
      purpose: 'run',
      timeoutMs: 1000,
      source: at,
    },
    { type: 'output', step: 0, blockId: capture!.id, stream: 'stderr', line: 'warning: none' },
    {
      type: 'command-finished',
      step: 0,
      blockId: capture!.id,
      exitCode: 0,
      expectedExit: 0,
      durationMs: 3,
      timedOut: false,
      cancelled: false,
      ok: true,
    },
    { type: 'variable-captured', step: 0, blockId: capture!.id, name: 'ID', value: 'id-1', secret: false },
  ];
}

describe('the demo terminal', () => {
  it('shows each command in full as typed, its output, how it ended, files and captured values', () => {
    const view = terminalLines(twoCommands.steps[0]!, fold(ran(2)).steps[0], undefined, 80, 0);
    expect(view.lines.map(lineText)).toEqual([
      '✎ wrote kong.yaml',
      '✓ $ kong-workshop sandbox sync kong.yaml \\',
      '      --select-tag demo',
      '  │ line 1',
      '  │ line 2',
      '  ✓ exit 0 · 12ms',
      '✓ $ echo id-1',
      '  ┆ warning: none',
      '  ✓ exit 0 · 3ms',
      '→ ID = id-1',
    ]);
  });

  it('cuts long output, never the commands: the oldest output shrinks first', () => {
    const view = terminalLines(twoCommands.steps[0]!, fold(ran(30)).steps[0], undefined, 80, 0);
    expect(view.fit(12).map(lineText)).toEqual([
      '✎ wrote kong.yaml',
      '✓ $ kong-workshop sandbox sync kong.yaml \\',
      '      --select-tag demo',
      '  │ … 27 lines',
      '  │ line 28',
      '  │ line 29',
      '  │ line 30',
      '  ✓ exit 0 · 12ms',
      '✓ $ echo id-1',
      '  ┆ warning: none',
      '  ✓ exit 0 · 3ms',
      '→ ID = id-1',
    ]);
    expect(view.fit(9).map(lineText)).toEqual([
      '✎ wrote kong.yaml',
      '✓ $ kong-workshop sandbox sync kong.yaml \\',
      '      --select-tag demo',
      '  │ … 30 lines',
      '  ✓ exit 0 · 12ms',
      '✓ $ echo id-1',
      '  ┆ warning: none',
      '  ✓ exit 0 · 3ms',
      '→ ID = id-1',
    ]);
    const tight = view.fit(4).map(lineText);
    expect(tight).toEqual(['  … 6 lines above', '  ┆ warning: none', '  ✓ exit 0 · 3ms', '→ ID = id-1']);
  });

  it('types with a cursor at the end of what is typed so far, line by line', () => {
    const typing = { lesson: 0, step: 0, blockId: 'b', command: 'deck gateway sync \\\n  --select-tag x', typed: 26 };
    expect(terminalLines(twoCommands.steps[0]!, undefined, typing, 80, 0).lines.map(lineText)).toEqual([
      '  $ deck gateway sync \\',
      '      --se ',
    ]);
  });

  it('says what Enter will do before the step runs, without showing the commands', () => {
    const text = idlePromptLines(twoCommands.steps[0]!.blocks, 80).map(lineText).join('\n');
    expect(text).toBe('  $     Enter writes kong.yaml, then types and runs 2 commands');
    expect(text).not.toContain('sandbox sync');
  });
});
