import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, outputDir } from '../helpers/chromium.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { type ClassProcess, learnerHeaders, learnerJoin, startClassProcess } from './class-helpers.js';

const lessonEvent = {
  id: 'lesson',
  at: 0,
  type: 'lesson',
  lessonId: '02-key-auth',
  title: 'Key auth',
  steps: [
    { id: 'enable', title: 'Enable key-auth' },
    { id: 'no-key', title: 'No key, no entry' },
  ],
};

describe('the projected class page in a real browser (headless chromium)', () => {
  let browser: Browser;
  let server: ClassProcess;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    server = await startClassProcess(tempDir('kw-class-page-'), ['--name', 'Projector test']);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.process.kill('SIGTERM');
    await server?.process;
  });

  it('shows a pass, a failing check and a raised hand within a second each, with nothing from outside', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'dark',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url)) foreign.push(req.url());
    });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${server.url}/#instructor=${server.instructorToken}`);
    await page.waitForSelector('#status.live');

    const ada = await learnerJoin(server.url, server.code, 'Ada');
    const bob = await learnerJoin(server.url, server.code, '<img src=x onerror=alert(1)>Bob');
    const cy = await learnerJoin(server.url, server.code, 'Cy');
    const send = (learner: typeof ada, events: unknown[]) =>
      fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: learnerHeaders(server.code, learner),
        body: JSON.stringify({ events }),
      });
    const within = async (action: () => Promise<unknown>, selector: string, text: string) => {
      const started = performance.now();
      await action();
      await page.waitForFunction(
        ([sel, want]) => document.querySelector(sel ?? '')?.textContent?.includes(want ?? '') ?? false,
        [selector, text],
        { timeout: 5_000, polling: 'raf' },
      );
      return performance.now() - started;
    };

    const passed = await within(
      () =>
        send(ada, [
          { ...lessonEvent, id: 'a0' },
          {
            id: 'a1',
            at: 0,
            type: 'step',
            lessonId: '02-key-auth',
            stepId: 'enable',
            status: 'passed',
            timeOnStepMs: 30_000,
          },
        ]),
      '#grid',
      'Ada✓',
    );
    const failed = await within(
      () =>
        send(bob, [
          { ...lessonEvent, id: 'b0' },
          {
            id: 'b1',
            at: 0,
            type: 'step',
            lessonId: '02-key-auth',
            stepId: 'no-key',
            status: 'failed',
            check: 'no key, no entry',
            expectation: 'status: expected 401, got 200',
            timeOnStepMs: 1000,
          },
        ]),
      '#failures',
      '1.2 1 of 3: status: expected 401, got 200',
    );
    const hand = await within(() => send(cy, [{ id: 'c1', at: 0, type: 'hand', up: true }]), '#hands', '▲ Cy');
    expect(
      [passed, failed, hand].every((ms) => ms < 1_000),
      `${passed} ${failed} ${hand} ms`,
    ).toBe(true);

    // A learner's name is text, never markup.
    expect(await page.locator('#grid img').count()).toBe(0);
    expect(await page.title()).toBe('Projector test — kong-workshop class');
    expect(await page.locator('#grid').textContent()).toContain('img src=x onerror=alert(1) Bob');
    // Dark scheme and reduced motion come from the browser's preferences.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(14, 17, 22)');
    expect(
      await page.evaluate(
        () => getComputedStyle(document.querySelector('.bar .fill') ?? document.body).transitionDuration,
      ),
    ).toBe('0s');
    // Readable from the back of the room: large base type.
    expect(
      await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize)),
    ).toBeGreaterThanOrEqual(20);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);

    mkdirSync(outputDir, { recursive: true });
    const shot = join(outputDir, 'class-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await context.close();
  }, 60_000);

  it('uses the light scheme when the browser prefers it, and says so when the token is wrong', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${server.url}/#instructor=not-the-token`);
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.includes('token in this link is wrong'),
    );
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('#grid tr').count()).toBe(0);
    await context.close();
  });
});
