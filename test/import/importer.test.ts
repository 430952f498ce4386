import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPages } from '../../src/import/index.js';
import { parseLesson, type HttpCheckSpec } from '../../src/lesson/index.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { corpusDir, skipReason } from './corpus.js';

const site = corpusDir ? join(corpusDir, 'kong-developer-docs-site') : '';
const howTos = join(site, 'app', '_how-tos');

if (!corpusDir) console.warn(`skipping the importer's golden tests: ${skipReason}`);

function httpChecks(text: string, file: string): HttpCheckSpec[] {
  const parsed = parseLesson(text, file);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lesson = parsed.lesson!;
  return lesson.steps
    .flatMap((s) => s.blocks)
    .flatMap((b) => (b.type === 'check' && b.spec.kind === 'http' ? [b.spec] : []));
}

describe.skipIf(!corpusDir)('import: developer.konghq.com how-tos', () => {
  it('imports every how-to of the site slice; at least 95% lint clean and 90% of validations become ' +
    'checks', async () => {
    const { report, lessons } = await importPages(howTos, { site });
    expect(report.totals.pages).toBe(233);
    expect(report.totals.lintClean / report.totals.pages).toBeGreaterThanOrEqual(0.95);
    expect(report.totals.validations).toBeGreaterThan(200);
    expect(report.totals.converted / report.totals.validations).toBeGreaterThanOrEqual(0.9);
    // Nothing is dropped silently: every TODO has its page line, every dropped target a reason.
    for (const page of report.pages) {
      for (const v of page.validations) expect(v.line).toBeGreaterThan(0);
      for (const d of page.dropped) expect(d.reason).not.toBe('');
    }
    // A lesson with TODOs says so in its own text.
    const withTodo = lessons.filter((l) => l.report.validations.some((v) => v.outcome === 'todo'));
    for (const lesson of withTodo) {
      for (const v of lesson.report.validations.filter((x) => x.outcome === 'todo'))
        expect(lesson.text).toContain(`TODO (page line ${v.line})`);
    }
  }, 120_000);

  it('turns the rate-limit page into a sequence asserting the countdown and the 429 Retry-After', async () => {
    const page = join(howTos, 'gateway', 'add-rate-limiting-for-a-consumer-with-kong-gateway.md');
    const { lessons } = await importPages(page, { site });
    const [lesson] = lessons;
    const sequence = httpChecks(lesson!.text, lesson!.file).find((c) => c.repeat > 1)!;
    expect(sequence.repeat).toBe(6);
    const remaining = sequence.series.headers['RateLimit-Remaining']!.map((e) => e?.matchers[0]);
    expect(remaining).toEqual([4, 3, 2, 1, 0, 0].map((value) => ({ op: 'equals', value })));
    expect(sequence.series.status!.map((e) => e?.matchers[0])).toEqual([
      ...Array(5).fill({ op: 'equals', value: 200 }),
      { op: 'equals', value: 429 },
    ]);
    expect(sequence.last!.headers['Retry-After']!.matchers).toEqual([{ op: 'compare', gte: 1, lte: 60 }]);
    expect(sequence.last!.json.message!.matchers).toEqual([{ op: 'equals', value: 'API rate limit exceeded' }]);
    expect(lesson!.report.targets).toEqual(['sandbox', 'gateway', 'konnect']);
  });

  it("imports tabs that are not targets as a learner's choice, the --prefer'd tab first", async () => {
    const page = join(howTos, 'kubernetes-ingress-controller', 'kic-proxy-grpc.md');
    const lessonOf = async (prefer?: string) => {
      const { lessons } = await importPages(page, { site, ...(prefer ? { prefer } : {}) });
      const parsed = parseLesson(lessons[0]!.text, lessons[0]!.file);
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return parsed.lesson!;
    };
    expect((await lessonOf()).choices?.map((c) => [c.name, c.options])).toEqual([
      ['ROUTING', ['gateway-api', 'ingress']],
    ]);
    expect((await lessonOf('Ingress')).choices?.[0]?.options).toEqual(['ingress', 'gateway-api']);
  });

  it('walks a captured request where the page uses it ({% capture %} … {{ request1 | indent: 3 }})', async () => {
    const page = join(howTos, 'gateway', 'enable-rbac-with-admin-api.md');
    const { lessons } = await importPages(page, { site });
    const text = lessons[0]!.text;
    expect(text).not.toContain('{% control_plane_request');
    const created = httpChecks(text, lessons[0]!.file).find((c) => c.request.url.endsWith('/rbac/users'));
    expect(created?.request.method).toBe('POST');
    expect(created?.expect.status?.matchers).toEqual([{ op: 'equals', value: 201 }]);
  });

  it('drops a target it cannot run, and says why', async () => {
    const page = join(howTos, 'gateway', 'adjust-header-names-in-request.md');
    const { report } = await importPages(page, { site });
    const dropped = report.pages[0]!.dropped.find((d) => d.target === 'sandbox');
    expect(dropped?.reason).toMatch(/does not have the plugin/);
    expect(report.pages[0]!.targets).not.toContain('sandbox');
  });

  it('drops the sandbox for what the page uses beyond its front matter, with the page lines', async () => {
    const reasons = async (name: string) => {
      const { report } = await importPages(join(howTos, 'gateway', name), { site });
      expect(report.pages[0]!.lint.errors).toBe(0);
      return report.pages[0]!.dropped.find((d) => d.target === 'sandbox')?.reason;
    };
    expect(await reasons('enable-rbac-with-admin-api.md')).toBe(
      "the sandbox's Admin API has no /rbac (page lines 54, 74, 125, 141)",
    );
    expect(await reasons('configure-fallback-route.md')).toMatch(/points at http:\/\/httpbun.com/);
    expect(await reasons('store-keyring-in-hashicorp-vault.md')).toMatch(
      /a service on localhost:8200 \(page line 84\)/,
    );
  });

  it('writes the lessons with --out and reports in JSON', async () => {
    const out = tempDir('import-out-');
    const page = join(howTos, 'gateway', 'enable-key-authentication-on-a-service-with-kong-gateway.md');
    const { report } = await importPages(page, { site, out });
    const written = readFileSync(join(out, report.pages[0]!.lesson), 'utf8');
    expect(written).toMatch(/^---\nid: enable-key-authentication-on-a-service-with-kong-gateway\n/);
    expect(report.pages[0]!.validations.map((v) => [v.kind, v.outcome])).toEqual([
      ['request-check', 'converted'],
      ['unauthorized-check', 'converted'],
    ]);
  });
});

describe.skipIf(!corpusDir)('import: the other two sources', () => {
  it('imports a Hugo workshop as an ordered set, every page lint clean', async () => {
    const { lessons, report } = await importPages(
      join(corpusDir!, 'hugo-workshops', 'workshop-kong-api-ai-gateway-serverless'),
    );
    expect(report.totals.lintClean).toBe(report.totals.pages);
    expect(lessons.map((l) => l.file)).toEqual([...lessons.map((l) => l.file)].sort());
    expect(lessons[0]!.file).toMatch(/^01-/);
    // The chapter index comes before its pages; pages follow their weight.
    const names = lessons.map((l) => l.report.source);
    expect(names.indexOf('content/12-api-gateway/_index.en.md')).toBeLessThan(
      names.indexOf('content/12-api-gateway/121-kong-service-route.en.md'),
    );
  });

  it(
    "builds checks from a workshop page's Expected Output, and successive outputs of one request into a " + 'sequence',
    async () => {
      const page = join(
        corpusDir!,
        'hugo-workshops',
        'workshop-kong-api-ai-gateway__151-key-authentication_kong-consumer.en.md',
      );
      const { lessons } = await importPages(page);
      const checks = httpChecks(lessons[0]!.text, lessons[0]!.file);
      const refused = checks.find((c) => c.last?.headers['Retry-After'])!;
      expect(refused.repeat).toBe(5);
      expect(refused.series.headers['RateLimit-Remaining']!.map((e) => e?.matchers[0])).toEqual(
        [3, 2, 1, 0, 0].map((n) => ({ op: 'equals', value: n })),
      );
      const noKey = checks.find(
        (c) =>
          c.expect.status?.matchers[0]?.op === 'equals' &&
          (c.expect.status.matchers[0] as { value: unknown }).value === 401,
      )!;
      expect(noKey.expect.headers['WWW-Authenticate']!.matchers).toEqual([{ op: 'equals', value: 'Key' }]);
      // Volatile headers of the shown response are not asserted.
      for (const check of checks)
        for (const name of Object.keys(check.expect.headers))
          expect(name).not.toMatch(/date|request-id|latency|content-length|via|server/i);
    },
  );

  it('flags drift, and rewrites it with --modernise', async () => {
    const page = join(
      corpusDir!,
      'kong-developer-docs',
      'kubernetes-ingress-controller__kic-get-started-key-authentication.md',
    );
    const flagged = await importPages(page);
    expect(flagged.report.pages[0]!.drift.map((d) => d.old)).toContain('Key realm="kong"');
    expect(flagged.lessons[0]!.text).toContain('Key realm="kong"');
    const modern = await importPages(page, { modernise: true });
    expect(modern.report.pages[0]!.drift.every((d) => d.rewritten)).toBe(true);
    expect(modern.lessons[0]!.text).not.toContain('Key realm="kong"');
  });
});
