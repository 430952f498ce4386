import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, outputDir } from '../helpers/chromium.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { createReporter } from '../../src/report/index.js';
import { file, hostileRun, lesson as sampleLesson } from './sample-run.js';

const CANARY = 'kw-canary-3b8e61d0f4c2';
const lesson = 'fixtures/lessons/report/failing-limits.md';

/**
 * The acceptance of the HTML report: a real failing run (the built CLI, the embedded sandbox, a
 * check that is wrong on purpose) writes a page that a real browser opens from disk, offline, and
 * that shows the failing expectation, the response and the rate-limit chart.
 */
describe('the HTML report of a failing run, in a real browser (headless chromium)', () => {
  let browser: Browser;
  let run: CliResult;
  let reportFile: string;
  beforeAll(async () => {
    const dir = tempDir('kw-html-report-');
    reportFile = join(dir, 'reports', 'report.html');
    [browser, run] = await Promise.all([
      chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] }),
      runCli(
        [
          'run',
          lesson,
          '--trust',
          '--secret-env',
          'ALEX_KEY=KW_TEST_ALEX_KEY',
          '--proxy-port',
          '0',
          '--admin-port',
          '0',
          '--format',
          'html',
          '--report-file',
          reportFile,
        ],
        { env: { KW_TEST_ALEX_KEY: CANARY, KONG_WORKSHOP_HOME: join(dir, 'home') }, timeoutMs: 90_000 },
      ),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('fails the run (exit 4) and still writes the page, with the secret masked', () => {
    expect(run.code, run.stderr).toBe(4);
    expect(run.stdout).toContain("✗ alex's fifth request is refused");
    const page = readFileSync(reportFile, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const form of [CANARY, Buffer.from(CANARY).toString('base64')]) {
      expect(page).not.toContain(form);
      expect(run.stdout + run.stderr).not.toContain(form);
    }
    expect(page).toContain('********');
    // Nothing to fetch: no script, no stylesheet link, no remote image or font.
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(\s*['"]?(https?:)?\/\//i);
  });

  for (const scheme of ['light', 'dark'] as const) {
    const title = `opens from disk in the ${scheme} scheme: the failing expectation, the response and the chart`;
    it(title, async () => {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        colorScheme: scheme,
        offline: true,
      });
      const page = await context.newPage();
      const requested: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requested.push(url);
        return route.abort();
      });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(reportFile).href);

      expect(await page.title()).toBe('FAILED · kong-workshop run on sandbox');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('kong-workshop run report');

      const failure = page.locator('article.failure');
      await expect.poll(() => failure.count()).toBe(1);
      expect(await failure.isVisible()).toBe(true);
      expect(await failure.getByRole('heading', { level: 4 }).textContent()).toContain(
        "alex's fifth request is refused",
      );
      // The failing expectation: response 5 was allowed where the lesson expected a 429.
      const row = failure.locator('table.expectations tbody tr');
      expect(await row.locator('th').textContent()).toBe('status');
      expect((await row.locator('td').allTextContents()).map((text) => text.trim())).toEqual(['5', '429', '200']);
      expect(await row.isVisible()).toBe(true);
      // The request (secret masked) and the response behind it.
      const request = failure.getByRole('region', { name: 'Request' });
      const response = failure.getByRole('region', { name: 'Response' });
      expect(await request.isVisible()).toBe(true);
      expect(await request.textContent()).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/echo/);
      expect(await request.textContent()).toContain('apikey: ********');
      expect(await response.isVisible()).toBe(true);
      expect(await response.textContent()).toContain('HTTP 200');
      expect(await response.textContent()).toContain('ratelimit-remaining: 0');
      expect(await response.textContent()).toContain('"apikey": "********"');

      // One chart per consumer, each an image with a name that says what it shows.
      const charts = page.getByRole('img');
      expect(await charts.count()).toBe(2);
      const alex = page.getByRole('img', { name: /^alex's fifth request is refused: 6 of 6 requests/ });
      expect(await alex.isVisible()).toBe(true);
      const alexName = (await alex.getAttribute('aria-labelledby')) ?? '';
      expect(await page.locator(`[id="${alexName}"]`).textContent()).toContain(
        '5 allowed, 1 refused with 429; remaining 0 of 5',
      );
      expect(await alex.locator('.column').count()).toBe(6);
      expect(await alex.locator('.column.rejected').count()).toBe(1);
      expect(await alex.locator('.column.broke').count()).toBe(1);
      const box = await alex.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      expect(await page.getByRole('img', { name: /^sam's ninth request is refused: 9 of 9/ }).isVisible()).toBe(true);

      // The page's own colours follow the scheme.
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');

      expect(requested).toEqual([]);
      expect(problems).toEqual([]);
      mkdirSync(outputDir, { recursive: true });
      const shot = join(outputDir, `html-report-${scheme}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      await context.close();
    }, 60_000);
  }

  it('shows a title, a check name and a body with markup in them as text, running nothing', async () => {
    let out = '';
    const reporter = createReporter('html', {
      write: (text) => {
        out += text;
      },
      lessons: new Map([[file, sampleLesson]]),
      mode: 'run',
      target: 'sandbox',
      version: '0.1.0',
    });
    for (const event of hostileRun()) reporter.onEvent(event);
    reporter.end();
    const hostile = join(tempDir('kw-html-hostile-'), 'hostile.html');
    writeFileSync(hostile, out);
    const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', (dialog) => {
      ran.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(hostile).href);
    expect(await page.locator('section.lesson h2').textContent()).toBe('Limits <script>alert(1)</script>');
    expect(await page.locator('article.failure h4').textContent()).toContain('"><img src=x onerror=alert(3)>');
    expect(await page.getByRole('region', { name: 'Response' }).textContent()).toContain(
      '</pre><script>alert(2)</script>',
    );
    expect(await page.locator('script, img').count()).toBe(0);
    expect(ran).toEqual([]);
    await context.close();
  });
});
