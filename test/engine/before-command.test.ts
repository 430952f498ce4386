import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonRun, type PendingCommand } from '../../src/engine/index.js';
import { parseLesson, type Lesson } from '../../src/lesson/index.js';
import type { TargetSession } from '../../src/targets/index.js';
import { tempDir } from '../helpers/temp-dirs.js';

// The hook demo mode types commands out in: the engine waits for it before each command starts.

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

function lesson(body: string): Lesson {
  const result = parseLesson(`---\nid: t\ntitle: T\ntargets: [gateway]\n---\n\n${body}`, '/tmp/t.md');
  if (!result.lesson) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.lesson;
}

const target: TargetSession = {
  name: 'gateway',
  vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', UPSTREAM: 'http://echo' },
  secrets: [],
  env: {},
  description: 'none',
  close: async () => {},
};

describe('LessonRun beforeCommand', () => {
  it('is awaited before each command starts, with the command as it runs and secrets masked', async () => {
    const log: string[] = [];
    const seen: PendingCommand[] = [];
    const workdir = tempDir('kw-hook-');
    const run = new LessonRun({
      lesson: lesson(
        `## Two commands\n\n${fence('sh run', 'echo "one canary-secret-4711"')}\n\n${fence('sh run', 'echo two')}`,
      ),
      target,
      mode: 'run',
      workdir,
      fixturesDir: '/fixtures',
      secrets: { TOKEN: 'canary-secret-4711' },
      beforeCommand: async (command) => {
        seen.push(command);
        log.push(`typing ${command.blockId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`typed ${command.blockId}`);
      },
    });
    run.subscribe((event) => {
      if (event.type === 'command-started' || event.type === 'command-finished')
        log.push(`${event.type} ${event.blockId}`);
    });
    expect(await run.runAll()).toBe('passed');
    const [first, second] = seen.map((command) => command.blockId);
    expect(log).toEqual([
      `typing ${first}`,
      `typed ${first}`,
      `command-started ${first}`,
      `command-finished ${first}`,
      `typing ${second}`,
      `typed ${second}`,
      `command-started ${second}`,
      `command-finished ${second}`,
    ]);
    expect(seen[0]!.command).toBe('echo "one ********"');
    expect(JSON.stringify(seen)).not.toContain('canary-secret-4711');
  });

  it('does not run a command whose step was cancelled while it was being typed', async () => {
    const workdir = tempDir('kw-hook-');
    let run: LessonRun | undefined;
    run = new LessonRun({
      lesson: lesson(`## Make a file\n\n${fence('sh run', 'touch made-it')}`),
      target,
      mode: 'run',
      workdir,
      fixturesDir: '/fixtures',
      beforeCommand: async (_command, signal) => {
        run!.cancel();
        expect(signal.aborted).toBe(true);
      },
    });
    const started: string[] = [];
    run.subscribe((event) => event.type === 'command-started' && started.push(event.blockId));
    await run.start();
    expect(await run.runStep(0)).toBe('cancelled');
    await run.finish();
    expect(started).toEqual([]);
    expect(existsSync(join(workdir, 'made-it'))).toBe(false);
  });
});
