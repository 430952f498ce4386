import { describe, expect, it } from 'vitest';
import { createReporter, type ReporterKind } from '../../src/report/index.js';
import { events, file, lesson } from './sample-run.js';

function render(kind: ReporterKind): string {
  let out = '';
  const reporter = createReporter(kind, {
    write: (t) => {
      out += t;
    },
    lessons: new Map([[file, lesson]]),
    mode: 'run',
    target: 'sandbox',
    version: '0.1.0',
  });
  for (const event of events) reporter.onEvent(event);
  reporter.end();
  return out;
}

describe('text reporter', () => {
  const text = render('text');

  it('streams steps, commands, output and results in order', () => {
    const order = [
      'Per-consumer limits',
      '[1/3] Sync the config',
      '$ kong-workshop sandbox sync',
      '│ synced: 1 service',
      '✓ no key, no entry',
      'PASS',
      '[2/3] Hit the limit',
      '✗ six requests',
      'FAIL',
      '[3/3] Reset the window skipped',
      'FAILED',
    ];
    let from = 0;
    for (const piece of order) {
      const at = text.indexOf(piece, from);
      expect(at, `"${piece}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  it('shows the per-request diff, the response and where the expectation is written', () => {
    expect(text).toContain('response 3 · header X-RateLimit-Remaining-Minute: expected 2, actual 3');
    expect(text).toContain('HTTP 429');
    expect(text).toContain('retry-after: 39');
    expect(text).toContain('limits.md:22:1');
  });

  it("offers the step's hint as plain text after a failure", () => {
    expect(text).toContain('hint: Is the rate-limiting plugin on the consumer?');
  });

  it('has no colour codes when colour is off', () => {
    expect(text).not.toMatch(/\u001B\[/);
  });
});

describe('JSON reporter', () => {
  const doc = JSON.parse(render('json'));

  it('says the overall status and counts', () => {
    expect(doc).toMatchObject({ tool: 'kong-workshop', mode: 'run', target: 'sandbox', status: 'failed' });
    expect(doc.summary.checks).toEqual({ passed: 1, failed: 1, error: 0, notRun: 2 });
  });

  it('lists every step with its commands and checks, including the ones that never ran', () => {
    const [sync, limit, reset] = doc.lessons[0].steps;
    expect(sync.commands[0]).toMatchObject({
      command: 'kong-workshop sandbox sync kong.yaml --pat ********',
      exitCode: 0,
      output: ['synced: 1 service, 1 route'],
    });
    expect(limit.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['six requests', 'failed'],
      ['the other consumer', 'not-run'],
    ]);
    expect(limit.checks[0].expectations[1]).toMatchObject({
      passed: false,
      expected: '2',
      actual: '3',
      responseIndex: 2,
    });
    expect(reset).toMatchObject({ status: 'skipped', checks: [{ name: 'allowed again', status: 'not-run' }] });
  });
});

describe('JUnit reporter', () => {
  const xml = render('junit');

  it('has one test case per check, named by lesson, step and check', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testcase classname="limits.sync" name="no key, no entry"');
    expect(xml).toContain('<testcase classname="limits.limit" name="six requests"');
  });

  it('counts failures and skips, and explains the failure', () => {
    expect(xml).toMatch(/<testsuites name="kong-workshop run" tests="4" failures="1" errors="0" skipped="2"/);
    expect(xml).toContain(
      '<failure message="response 3 · header X-RateLimit-Remaining-Minute: expected 2, actual 3" type="check-failed">',
    );
    expect(xml).toContain('<skipped message="the step was skipped"/>');
  });

  it('is well-formed: every element that opens closes, in order', () => {
    const stack: string[] = [];
    for (const match of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = match;
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });
});

describe('TAP reporter', () => {
  const tap = render('tap');

  it('is TAP 14 with a plan that matches the test points', () => {
    const lines = tap.trim().split('\n');
    expect(lines[0]).toBe('TAP version 14');
    expect(lines.at(-1)).toBe('1..4');
    expect(lines.filter((l) => /^(not )?ok \d+ - /.test(l))).toHaveLength(4);
  });

  it('marks failures and skips and adds a YAML block with the diff', () => {
    expect(tap).toContain('ok 1 - limits › Sync the config › no key, no entry');
    expect(tap).toContain('not ok 2 - limits › Hit the limit › six requests');
    expect(tap).toContain('      response: 3\n      expected: "2"\n      actual: "3"');
    expect(tap).toContain('ok 4 - limits › Reset the window › allowed again # SKIP step skipped');
  });
});
