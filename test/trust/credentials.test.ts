import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCredentials } from '../../src/progress/index.js';
import { statePaths } from '../../src/state/index.js';
import { Workshop, type WorkshopState } from '../../src/workshop/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

// Stored secrets belong to a lesson origin and a variable: another lesson naming the same
// variable gets the value only after a question (workshop) or --reuse-secrets (headless).

// Lower case and _ only: the fixture lesson's API_KEY pattern.
const CANARY = 'canary_reuse_coffee';
const lessonFile = join(repoRoot, 'fixtures', 'lessons', 'tui', 'progress.md');
const otherLesson = '/elsewhere/another-lesson.md';
const headers: string[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    headers.push(String(request.headers['x-token'] ?? ''));
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const home = process.env.KONG_WORKSHOP_HOME;
beforeEach(() => {
  process.env.KONG_WORKSHOP_HOME = tempDir('kw-cred-');
});
afterEach(() => {
  process.env.KONG_WORKSHOP_HOME = home;
});

function saveCredentials(values: Record<string, string>): void {
  mkdirSync(statePaths().stateDir, { recursive: true });
  writeFileSync(join(statePaths().stateDir, 'credentials.json'), JSON.stringify(values), { mode: 0o600 });
}

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

async function openWorkshop(): Promise<Workshop> {
  return Workshop.create({
    lessonFiles: [lessonFile],
    target: 'gateway',
    vars: { PROXY: url, ADMIN: url },
    trustAll: true,
    fixturesDirFor: () => join(repoRoot, 'fixtures'),
  });
}

describe('secrets saved for another lesson', () => {
  it.each([
    ['another lesson', { [`lesson:${otherLesson}:API_KEY`]: CANARY }, otherLesson],
    ['an older store kept by name only', { API_KEY: CANARY }, 'an earlier version of kong-workshop'],
  ])('are offered by the workshop, never given: %s', async (_what, saved, from) => {
    saveCredentials(saved);
    const subject = await openWorkshop();
    try {
      void subject.openLesson(lessonFile);
      const asked = await until(subject, (s) => s.dialog?.kind === 'prompt');
      expect(asked.dialog).toMatchObject({ kind: 'prompt', name: 'API_KEY', secret: true });
      expect(asked.dialog?.kind === 'prompt' && asked.dialog.hint).toContain(
        `Enter reuses the value saved for ${from}`,
      );
      expect(JSON.stringify(asked)).not.toContain(CANARY);
      subject.answerPrompt('');
      await until(subject, (s) => s.lesson?.activity === 'idle');
      // Taken with the learner's yes, it is now this lesson's own.
      const own = `lesson:${realpathSync(lessonFile)}:API_KEY`;
      await vi.waitFor(() => expect(loadCredentials()[own]).toBe(CANARY));
    } finally {
      await subject.quit();
    }
  });

  it('a typed answer replaces the offer, and the other lesson keeps its own', async () => {
    saveCredentials({ [`lesson:${otherLesson}:API_KEY`]: CANARY });
    const subject = await openWorkshop();
    try {
      void subject.openLesson(lessonFile);
      await until(subject, (s) => s.dialog?.kind === 'prompt');
      subject.answerPrompt('mine_now');
      await until(subject, (s) => s.lesson?.activity === 'idle');
      const own = `lesson:${realpathSync(lessonFile)}:API_KEY`;
      await vi.waitFor(() => expect(loadCredentials()[own]).toBe('mine_now'));
      expect(loadCredentials()[`lesson:${otherLesson}:API_KEY`]).toBe(CANARY);
    } finally {
      await subject.quit();
    }
  });

  it('headless check uses one only with --reuse-secrets, and never prints it', async () => {
    const dir = tempDir('kw-cred-lesson-');
    const file = join(dir, 'uses-token.md');
    writeFileSync(
      file,
      '---\nid: uses-token\ntitle: Uses a token\ntargets: [gateway]\n' +
        'vars:\n  API_TOKEN: { prompt: token, secret: true }\n' +
        '---\n\n## Ask\n\n```check\nrequest:\n  method: GET\n  url: "{{PROXY}}/x"\n  headers:\n' +
        '    X-Token: "{{API_TOKEN}}"\nexpect:\n  status: 200\n```\n',
    );
    const kwHome = tempDir('kw-cred-home-');
    mkdirSync(join(kwHome, 'state'), { recursive: true });
    writeFileSync(
      join(kwHome, 'state', 'credentials.json'),
      JSON.stringify({ [`lesson:${otherLesson}:API_TOKEN`]: CANARY }),
    );
    const args = ['check', file, '--target', 'gateway', '--var', `PROXY=${url}`, '--var', `ADMIN=${url}`];
    const env = { KONG_WORKSHOP_HOME: kwHome };

    const without = await runCli(args, { env });
    expect(without.code).toBe(3);
    expect(without.stdout).toContain('API_TOKEN has no value');
    expect(headers).not.toContain(CANARY);

    const reused = await runCli([...args, '--reuse-secrets', '--format', 'json'], { env });
    expect(reused.code).toBe(0);
    expect(headers).toContain(CANARY);
    expect(`${reused.stdout}${reused.stderr}${without.stdout}${without.stderr}`).not.toContain(CANARY);
    expect(readFileSync(join(kwHome, 'state', 'credentials.json'), 'utf8')).toContain(CANARY);
  });
});
