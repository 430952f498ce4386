import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { App } from '../../../src/ui/App.js';
import { catalogEntries, catalogItem } from '../../../src/workshop/catalog.js';
import type { Dialog, WorkshopState } from '../../../src/workshop/index.js';
import { FakeWorkshop, fixtureLesson, homeState, lessonState, openLesson } from '../fixtures.js';
import { KEY } from '../keys-input.js';
import { bundledLessons } from './bundled.js';
import { SIZES, sizeName } from './frame.js';
import { mountAt } from './render-at.js';
import { expectScreens, type LabelledFrame } from './snapshot.js';

// A fixed clock: "last visited" reads relative to now, and spinners must not turn mid-snapshot.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date('2020-01-03T12:00:00Z'));
});
afterAll(() => vi.useRealTimers());

async function shoot(state: WorkshopState, size: (typeof SIZES)[number], keys: string[] = []) {
  const app = await mountAt(<App workshop={new FakeWorkshop(state)} version="1.2.3" />, size);
  try {
    await app.press(...keys);
    return await app.frame();
  } finally {
    app.unmount();
  }
}

async function bundledHome(): Promise<WorkshopState> {
  const items = await Promise.all(
    bundledLessons().map(({ file, lesson }) => catalogItem(file, { lesson, diagnostics: [] })),
  );
  const entries = catalogEntries(items, 'sandbox', []);
  return homeState({ lessons: entries });
}

const trust: Dialog = {
  kind: 'trust',
  file: 'downloads/rate-limits.md',
  title: 'Someone else’s lesson',
  plan: {
    commands: [
      'kong-workshop sandbox sync fixtures/deck/rate-limiting-per-consumer.yaml --select-tag workshop-04',
      'curl -si -X POST {{ADMIN}}/consumers/alex/key-auth -H "Content-Type: application/json" \\\n' +
        '  --data \'{"key": "{{ALEX_KEY}}"}\'',
      // One long line: the trust prompt must show it whole, at any width.
      'for i in 1 2 3 4 5 6; do curl -s -o /dev/null -w "%{http_code}\\n" ' +
        '-H "apikey: {{ALEX_KEY}}" {{PROXY}}/echo; done',
    ],
    writes: ['rate-limits.yaml'],
    reads: ['fixtures/deck/rate-limiting-per-consumer.yaml'],
    requests: [{ method: 'GET', url: 'http://127.0.0.1:8000/echo', secrets: ['ALEX_KEY'] }],
  },
};

describe.each(SIZES)('workshop screens at %o', (size) => {
  it(`home ${sizeName(size)}`, async () => {
    const frames: LabelledFrame[] = [
      { label: 'the bundled lessons, nothing done yet', frame: await shoot(await bundledHome(), size) },
      {
        label: 'progress, a lesson for another target, a broken file, and doctor’s word',
        frame: await shoot(homeState({ doctor: 'Not ready for the sandbox target: port 8000 (1 failed).' }), size),
      },
      { label: 'the broken file selected', frame: await shoot(homeState(), size, [KEY.up]) },
      {
        label: 'the sandbox not started yet (the line wraps at 80 columns, never cut)',
        frame: await shoot(
          homeState({
            targetStatus: {
              state: 'down',
              line: 'sandbox not running: it starts in the background, with its kube lab, when you open a lesson',
            },
          }),
          size,
        ),
      },
      {
        label: 'the sandbox is down',
        frame: await shoot(
          homeState({
            targetStatus: { state: 'down', line: 'sandbox stopped' },
            notice: { level: 'error', text: 'the sandbox stopped', hint: 'R starts it again' },
          }),
          size,
        ),
      },
      { label: 'no lessons', frame: await shoot(homeState({ lessons: [] }), size) },
    ];
    await expectScreens('home', size, frames);
  });

  it(`keys ${sizeName(size)}`, async () => {
    await expectScreens('keys', size, [
      { label: '? on the home screen', frame: await shoot(homeState(), size, ['?']) },
    ]);
  });

  it(`dialogs ${sizeName(size)}`, async () => {
    const lesson = fixtureLesson();
    const frames: LabelledFrame[] = [
      {
        label: 'trust: a lesson that does not ship with kong-workshop',
        frame: await shoot(homeState({ dialog: trust }), size),
      },
      {
        label: 'a secret prompt, typed',
        frame: await shoot(
          homeState({
            dialog: {
              kind: 'prompt',
              name: 'KONNECT_TOKEN',
              question: 'Konnect personal or system access token',
              secret: true,
              hint: 'Konnect tokens start with kpat_ (personal) or spat_ (system account)',
            },
          }),
          size,
          ['kpat_s3cr3t'],
        ),
      },
      {
        label: 'a prompt that refused an answer',
        frame: await shoot(
          homeState({
            dialog: {
              kind: 'prompt',
              name: 'CONSUMER',
              question: 'Who calls the API?',
              secret: false,
              default: 'alex',
              error: 'does not match ^[a-z]+$',
            },
          }),
          size,
        ),
      },
      {
        label: 'resume',
        frame: await shoot(
          lessonState(openLesson(lesson, [], { stepIndex: 2 }), {
            kind: 'resume',
            title: lesson.title,
            stepIndex: 2,
            stepTitle: 'Clean the slate',
            passed: 2,
            total: 3,
          }),
          size,
        ),
      },
    ];
    await expectScreens('dialogs', size, frames);
  });
});
