import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCredentials } from '../../src/progress/index.js';
import { statePaths } from '../../src/state/index.js';
import { Workshop, type WorkshopOptions, type WorkshopState } from '../../src/workshop/index.js';
import { repoRoot } from '../helpers/cli.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

const lessonFile = join(repoRoot, 'fixtures', 'lessons', 'tui', 'progress.md');
const progressFile = () => join(statePaths().progressDir, 'tui-progress@gateway.json');

let server: KongLikeServer;
const open: Workshop[] = [];
beforeAll(async () => {
  server = await startKongLikeServer();
});
afterAll(async () => {
  await server.close();
});
// Each test starts with no progress, no saved secrets and no trusted lessons.
const home = process.env.KONG_WORKSHOP_HOME;
beforeEach(() => {
  process.env.KONG_WORKSHOP_HOME = mkdtempSync(join(tmpdir(), 'kw-workshop-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((workshop) => workshop.quit()));
  rmSync(process.env.KONG_WORKSHOP_HOME!, { recursive: true, force: true });
  process.env.KONG_WORKSHOP_HOME = home;
});

async function workshop(options: Partial<WorkshopOptions> = {}): Promise<Workshop> {
  const created = await Workshop.create({
    lessonFiles: [lessonFile],
    target: 'gateway',
    vars: { PROXY: server.url, ADMIN: server.url },
    trustAll: true,
    fixturesDirFor: () => join(repoRoot, 'fixtures'),
    ...options,
  });
  open.push(created);
  return created;
}

/** Resolves with the first state that satisfies `test`, failing after a few seconds. */
function until(subject: Workshop, test: (state: WorkshopState) => boolean, what = 'the state'): Promise<WorkshopState> {
  if (test(subject.state)) return Promise.resolve(subject.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `timed out waiting for ${what}; last state: ` +
            JSON.stringify({
              ...subject.state,
              lesson: subject.state.lesson && {
                stepIndex: subject.state.lesson.stepIndex,
                steps: subject.state.lesson.steps,
                activity: subject.state.lesson.activity,
              },
            }),
        ),
      );
    }, 10_000);
    const stop = subject.subscribe((state) => {
      if (!test(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

/** Opens the lesson and answers the API_KEY prompt. */
async function openWithKey(subject: Workshop, key = 'hello_world'): Promise<void> {
  void subject.openLesson(lessonFile);
  await until(subject, (s) => s.dialog?.kind === 'prompt', 'the API_KEY prompt');
  subject.answerPrompt(key);
  await until(subject, (s) => s.lesson?.activity === 'idle', 'the lesson to start');
}

/** Opens the lesson and runs its first two steps until both have passed. */
async function passFirstTwoSteps(subject: Workshop): Promise<void> {
  await openWithKey(subject);
  await subject.runStep();
  subject.next();
  await subject.runStep();
  await until(subject, (s) => s.lesson?.steps[1] === 'passed', 'step 2 to pass');
}

function savedProgress() {
  return JSON.parse(readFileSync(progressFile(), 'utf8'));
}

describe('the workshop', () => {
  it('lists the lessons with their step counts for the active target', async () => {
    const subject = await workshop();
    expect(subject.state.lessons).toEqual([
      expect.objectContaining({ id: 'tui-progress', title: 'Progress and resume', stepCount: 3, supported: true }),
    ]);
    expect(subject.state.screen).toBe('home');
  });

  it('runs a step, shows what happened, and saves progress after it: never the secret', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    expect(subject.state.screen).toBe('lesson');
    expect(subject.state.lesson?.previews).toEqual({
      [subject.state.lesson!.lesson.steps[0]!.blocks.find((b) => b.type === 'run')!.id]:
        'echo "hello from the lesson"\necho "key is $API_KEY"',
    });
    await subject.runStep();
    const state = await until(subject, (s) => s.lesson?.steps[0] === 'passed', 'step 1 to pass');
    const items = state.lesson!.run.steps[0]!.items;
    expect(items[0]).toMatchObject({
      kind: 'command',
      status: 'ok',
      output: [{ line: 'hello from the lesson' }, { line: 'key is ********' }],
    });
    expect(items[1]).toMatchObject({ kind: 'check', status: 'passed' });

    const saved = savedProgress();
    expect(saved).toMatchObject({
      lessonId: 'tui-progress',
      target: 'gateway',
      steps: { 'say-hello': { status: 'passed' } },
      currentStep: 'say-hello',
    });
    expect(readFileSync(progressFile(), 'utf8')).not.toContain('hello_world');
    // The typed secret is kept apart, readable only by the user, so a resume does not ask again.
    // Kept under the lesson's origin and the variable, not the variable alone.
    expect(loadCredentials()[`lesson:${realpathSync(lessonFile)}:API_KEY`]).toBe('hello_world');
    expect(loadCredentials().API_KEY).toBeUndefined();
    expect(statSync(join(statePaths().stateDir, 'credentials.json')).mode & 0o777).toBe(0o600);
  });

  it('resumes at the same step and offers to re-check the steps that passed', async () => {
    const first = await workshop();
    await passFirstTwoSteps(first);
    first.next();
    await first.quit();
    expect(savedProgress().currentStep).toBe('wait-a-while');

    const second = await workshop();
    expect(second.state.lessons[0]?.progress).toMatchObject({ passed: 2, skipped: 0, failed: 0 });
    void second.openLesson(lessonFile);
    const offered = await until(second, (s) => s.dialog?.kind === 'resume', 'the resume offer');
    expect(offered.dialog).toMatchObject({
      kind: 'resume',
      stepIndex: 2,
      stepTitle: 'Wait a while',
      passed: 2,
      total: 3,
    });
    expect(offered.lesson?.stepIndex).toBe(2);
    second.answerResume(true);
    const checked = await until(second, (s) => s.notice?.level === 'success', 'the re-check');
    expect(checked.notice?.text).toBe('2 completed steps re-checked: all still pass.');
    expect(checked.lesson).toMatchObject({ stepIndex: 2, steps: ['passed', 'passed', 'pending'] });
    // The re-check really ran the checks again, as check-mode steps.
    expect(checked.lesson?.run.steps[1]).toMatchObject({ mode: 'check', status: 'passed' });
  });

  it('lands on the first step that no longer passes when the environment changed', async () => {
    const first = await workshop();
    await passFirstTwoSteps(first);
    await first.quit();

    // A key the gateway no longer accepts: as if the consumer were gone after a sandbox reset.
    const key = `lesson:${realpathSync(lessonFile)}:API_KEY`;
    writeFileSync(join(statePaths().stateDir, 'credentials.json'), JSON.stringify({ [key]: 'revoked_key' }), {
      mode: 0o600,
    });
    const second = await workshop();
    void second.openLesson(lessonFile);
    await until(second, (s) => s.dialog?.kind === 'resume', 'the resume offer');
    second.answerResume(true);
    const checked = await until(second, (s) => s.notice?.level === 'warning', 'the re-check');
    expect(checked.notice?.text).toContain('“Use the key” no longer passes its checks');
    expect(checked.lesson).toMatchObject({ stepIndex: 1, steps: ['passed', 'failed', 'pending'] });
    expect(savedProgress().steps['use-the-key'].status).toBe('failed');
  });

  it('continues without re-checking when told so', async () => {
    const first = await workshop();
    await openWithKey(first);
    await first.runStep();
    await until(first, (s) => s.lesson?.steps[0] === 'passed', 'step 1 to pass');
    first.next();
    await first.quit();
    const second = await workshop();
    void second.openLesson(lessonFile);
    await until(second, (s) => s.dialog?.kind === 'resume', 'the resume offer');
    second.answerResume(false);
    const state = await until(second, (s) => s.dialog === undefined && s.lesson?.activity === 'idle', 'the lesson');
    // Not re-checked: it passed in an earlier session, and says so until this one proves it again.
    expect(state.lesson).toMatchObject({ stepIndex: 1, steps: ['stale', 'pending', 'pending'] });
    expect(state.lesson?.run.steps[0]?.items).toEqual([]);
  });

  it('says plainly when progress could not be saved, and never claims it was', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    // chmod stops an ordinary user; root writes through it, so as root the file's path becomes a folder
    // (after the lesson read it: a folder there at the start is set aside as an unreadable file).
    const asRoot = process.getuid?.() === 0;
    rmSync(progressFile(), { force: true });
    if (asRoot) mkdirSync(progressFile(), { recursive: true });
    else chmodSync(statePaths().progressDir, 0o500);
    try {
      await subject.runStep();
      const state = await until(subject, (s) => s.notice?.level === 'error', 'the failed save to be said');
      expect(state.notice?.text).toMatch(/^progress could not be saved: /);
      expect(state.notice?.hint).toContain(statePaths().progressDir);
      expect(subject.unsavedProgress).toBeDefined();
    } finally {
      if (!asRoot) chmodSync(statePaths().progressDir, 0o700);
    }
  });

  it('sets a corrupt progress file aside, says so, and starts afresh', async () => {
    mkdirSync(statePaths().progressDir, { recursive: true });
    writeFileSync(progressFile(), '{"version": 1, "lessonId": "tui-pro');
    const subject = await workshop();
    void subject.openLesson(lessonFile);
    await until(subject, (s) => s.dialog?.kind === 'prompt', 'the prompt');
    const state = subject.state;
    expect(state.notice?.level).toBe('warning');
    expect(state.notice?.text).toMatch(
      /your progress file for “Progress and resume” could not be read .*; starting afresh/,
    );
    const backup = /kept at (.+)$/.exec(state.notice!.hint!)![1]!;
    expect(readFileSync(backup, 'utf8')).toBe('{"version": 1, "lessonId": "tui-pro');
    expect(existsSync(progressFile())).toBe(false);
    subject.answerPrompt('hello_world');
    await until(subject, (s) => s.lesson?.activity === 'idle');
    expect(subject.state.lesson?.steps).toEqual(['pending', 'pending', 'pending']);
  });

  it('stops a long command within a second and stays in the lesson; the step is stopped, not failed', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    subject.goToStep(2);
    const running = subject.runStep();
    await until(
      subject,
      (s) => s.lesson?.run.steps[2]?.items.some((item) => item.kind === 'command' && item.output.length > 0) ?? false,
      'the command to start',
    );
    const asked = performance.now();
    expect(subject.cancel()).toBe(true);
    await running;
    const state = await until(
      subject,
      (s) => s.lesson?.activity === 'idle' && s.lesson.steps[2] === 'cancelled',
      'the step to stop',
    );
    expect(performance.now() - asked).toBeLessThan(1000);
    expect(state.screen).toBe('lesson');
    expect(state.lesson?.run.steps[2]?.items[0]).toMatchObject({ kind: 'command', status: 'cancelled' });
    expect(subject.cancel()).toBe(false);
  });

  it('skips a step and records it as skipped, never as passed', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    subject.goToStep(2);
    subject.skipStep();
    await until(subject, (s) => s.lesson?.steps[2] === 'skipped', 'the skip');
    // The list counts it at once, whether or not the save has landed yet.
    subject.goHome();
    const home = await until(subject, (s) => s.screen === 'home');
    expect(home.lessons[0]?.progress).toMatchObject({ passed: 0, skipped: 1 });
    await subject.quit();
    expect(savedProgress().steps['wait-a-while'].status).toBe('skipped');
  });

  it('asks again when a typed value does not match the pattern, with the hint', async () => {
    const subject = await workshop();
    void subject.openLesson(lessonFile);
    await until(subject, (s) => s.dialog?.kind === 'prompt');
    subject.answerPrompt('Not Valid!');
    const again = await until(
      subject,
      (s) => s.dialog?.kind === 'prompt' && s.dialog.error !== undefined,
      'the prompt again',
    );
    expect(again.dialog).toMatchObject({
      name: 'API_KEY',
      secret: true,
      error: 'does not match ^[a-z_]+$. lower-case letters and underscores',
    });
    subject.answerPrompt(undefined);
    const state = await until(subject, (s) => s.lesson?.fault !== undefined && s.notice !== undefined, 'the fault');
    expect(state.lesson?.fault).toMatchObject({ code: 'cancelled', message: 'no value given for API_KEY' });
    expect(state.notice?.level).toBe('error');
  });

  it(
    'asks before running commands from a lesson that does not ship with kong-workshop, and remembers a ' + 'yes',
    async () => {
      const subject = await workshop({ trustAll: false });
      void subject.openLesson(lessonFile);
      const asked = await until(subject, (s) => s.dialog?.kind === 'trust', 'the trust question');
      expect(asked.dialog).toMatchObject({
        kind: 'trust',
        title: 'Progress and resume',
        // Every command in full, not its first line: the second line is where a lesson would hide something.
        plan: {
          commands: ['echo "hello from the lesson"\necho "key is $API_KEY"', 'echo waiting\nsleep 60'],
          writes: [],
          reads: [],
          requests: [],
        },
      });
      subject.answerTrust(false);
      const declined = await until(subject, (s) => s.dialog === undefined && s.notice !== undefined);
      expect(declined.screen).toBe('home');
      expect(declined.notice?.text).toBe('“Progress and resume” was not opened: nothing ran');

      void subject.openLesson(lessonFile);
      await until(subject, (s) => s.dialog?.kind === 'trust');
      subject.answerTrust(true);
      await until(subject, (s) => s.dialog?.kind === 'prompt', 'the prompt after trusting');
      await subject.quit();

      const again = await workshop({ trustAll: false });
      void again.openLesson(lessonFile);
      const next = await until(again, (s) => s.dialog !== undefined);
      expect(next.dialog?.kind).toBe('prompt');
    },
  );

  it('asks for what a target needs, checks it against the pattern, and keeps a secret for next time', async () => {
    const konnectLesson = join(repoRoot, 'fixtures', 'lessons', 'tui', 'konnect.md');
    const subject = await workshop({ target: 'konnect', lessonFiles: [konnectLesson], vars: { PROXY: server.url } });
    void subject.openLesson(konnectLesson);
    const asked = await until(subject, (s) => s.dialog?.kind === 'prompt', 'the token prompt');
    expect(asked.dialog).toMatchObject({ name: 'KONNECT_TOKEN', secret: true, hint: expect.stringContaining('kpat_') });
    subject.answerPrompt('not-a-token');
    const again = await until(subject, (s) => s.dialog?.kind === 'prompt' && s.dialog.error !== undefined);
    expect(again.dialog).toMatchObject({ name: 'KONNECT_TOKEN', error: 'that does not look right' });
    // The other inputs have defaults and are not asked.
    subject.answerPrompt('kpat_abc123');
    const ready = await until(subject, (s) => s.lesson?.activity === 'idle', 'the lesson');
    expect(ready.targetStatus).toEqual({
      state: 'ready',
      line: `Konnect control plane kong-workshop, data plane at ${server.url}`,
    });
    expect(loadCredentials().KONNECT_TOKEN).toBe('kpat_abc123');
  });

  it('switches the target from home: lessons are re-projected and their support shown', async () => {
    const subject = await workshop();
    await subject.switchTarget('sandbox');
    expect(subject.state.target).toBe('sandbox');
    await until(subject, (s) => s.lessons[0]?.supported === false, 'the lesson list for sandbox');
    await subject.openLesson(lessonFile);
    expect(subject.state.notice).toMatchObject({
      level: 'warning',
      text: '“Progress and resume” does not run on the sandbox target',
    });
  });

  it('looks at the target and asks doctor, with the tools the lessons need, for the home screen', async () => {
    const asked: unknown[] = [];
    const subject = await workshop({
      target: 'sandbox',
      lessonFiles: [join(repoRoot, 'fixtures', 'lessons', 'tui', 'sandbox.md'), lessonFile],
      diagnose: async (target, tools) => {
        asked.push({ target, tools });
        return 'Not ready for the sandbox target: curl (1 failed).';
      },
    });
    await subject.refreshStatus();
    const state = await until(subject, (s) => s.doctor !== undefined, 'the doctor line');
    expect(asked).toEqual([{ target: 'sandbox', tools: [{ name: 'curl' }] }]);
    expect(state.doctor).toBe('Not ready for the sandbox target: curl (1 failed).');
    expect(state.targetStatus).toEqual({
      state: 'down',
      line: 'sandbox not running: it starts in the background when you open a lesson',
    });
    expect(state.targets).toEqual(['sandbox', 'kind', 'konnect', 'gateway', 'kind-lab']);
  });
});

describe('the introduction', () => {
  it('is where a lesson opened afresh starts: next goes to step 1, previous from step 1 comes back', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    expect(subject.state.lesson).toMatchObject({ onIntro: true, stepIndex: 0 });
    subject.next();
    expect((await until(subject, (s) => s.lesson?.onIntro === false)).lesson?.stepIndex).toBe(0);
    subject.previous();
    await until(subject, (s) => s.lesson?.onIntro === true, 'the introduction again');
    // Running from it runs step 1, and shows it.
    await subject.runStep();
    const ran = await until(subject, (s) => s.lesson?.steps[0] === 'passed', 'step 1 to pass');
    expect(ran.lesson).toMatchObject({ onIntro: false, stepIndex: 0 });
  });

  it('is no page of its own when it says nothing but the title', async () => {
    const file = join(process.env.KONG_WORKSHOP_HOME!, 'title-only.md');
    writeFileSync(
      file,
      '---\nid: title-only\ntitle: Title only\ntargets: [gateway]\n---\n\n' +
        '# Title only\n\n## One\n\n```sh run\necho one\n```\n',
    );
    const subject = await workshop({ lessonFiles: [file] });
    await subject.openLesson(file);
    const opened = await until(subject, (s) => s.lesson?.activity === 'idle', 'the lesson to start');
    expect(opened.lesson).toMatchObject({ onIntro: false, stepIndex: 0 });
    subject.previous();
    expect(subject.state.lesson?.onIntro).toBe(false);
  });
});

describe('coming back to a lesson', () => {
  it('in the same session puts the earlier visit away and offers the re-check, with fresh results', async () => {
    const subject = await workshop();
    await passFirstTwoSteps(subject);
    subject.goHome();
    await until(subject, (s) => s.screen === 'home');
    await subject.openLesson(lessonFile);
    const back = await until(subject, (s) => s.screen === 'lesson');
    // What each step earned stays on the step list; what ran last visit is not shown as if it were now.
    expect(back.lesson?.steps.slice(0, 2)).toEqual(['passed', 'passed']);
    expect(back.lesson?.run.steps[0]).toMatchObject({ status: 'pending', items: [] });
    expect(back.lesson?.run.steps[1]).toMatchObject({ status: 'pending', items: [] });
    expect(back.notice).toEqual({
      level: 'info',
      text: 'You were here before: 2 of 3 steps passed',
      hint: 'C re-checks them',
    });

    await subject.recheckLesson();
    const rechecked = await until(subject, (s) => s.lesson?.activity === 'idle' && s.notice?.level === 'success');
    expect(rechecked.notice?.text).toBe('2 completed steps re-checked: all still pass.');
    expect(rechecked.lesson?.run.steps[1]?.items).toEqual([
      expect.objectContaining({ kind: 'check', status: 'passed' }),
    ]);
    // Step 1's command output is from the earlier visit: a re-check runs only the checks, and shows only them.
    expect(rechecked.lesson?.run.steps[0]?.items).toEqual([
      expect.objectContaining({ kind: 'check', status: 'passed' }),
    ]);
  });

  it('changes "last visited" only for the lesson the learner was on, never on quit alone', async () => {
    const subject = await workshop();
    await openWithKey(subject);
    await subject.runStep();
    const ran: string = savedProgress().lastVisited;
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Leaving the lesson is the end of the visit: the list says so at once.
    subject.goHome();
    const home = await until(subject, (s) => s.screen === 'home');
    const left = home.lessons[0]?.progress?.lastVisited;
    expect(left! > ran).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await subject.quit();
    expect(savedProgress().lastVisited).toBe(left);
  });
});
