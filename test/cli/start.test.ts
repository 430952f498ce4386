import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

describe('kong-workshop start without a terminal', () => {
  let server: KongLikeServer;
  beforeAll(async () => {
    server = await startKongLikeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('says so and runs the lesson headless instead', async () => {
    const result = await runCli([
      'start',
      'fixtures/lessons/run/shell-session.md',
      '--target',
      'gateway',
      '--var',
      `PROXY=${server.url}`,
      '--var',
      `ADMIN=${server.url}`,
      '--trust',
    ]);
    expect(result.stderr).toContain('note: not a terminal, so the workshop runs headless, like `kong-workshop run`');
    expect(result.stdout).toContain('✓ the variable and the folder carried over');
    expect(result.stdout).toContain('PASSED');
    expect(result.code).toBe(0);
  });

  it('is what kong-workshop alone does, and --help lists it first', async () => {
    // Without a terminal it runs every bundled lesson headless: about 40 s on a loaded machine.
    const alone = await runCli([], { timeoutMs: 150_000 });
    expect(alone.stderr).toContain('note: not a terminal');
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/Commands:\n\s+start \[options\] \[lessons\.\.\.\]\s+open the guided workshop/);
  }, 180_000);
});
