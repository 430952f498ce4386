import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveProgress } from '../../src/progress/index.js';
import { statePaths } from '../../src/state/index.js';
import { catalogEntries, loadCatalog } from '../../src/workshop/catalog.js';

const lessonText = (title: string) => `---
id: cached
title: ${title}
targets: [sandbox, gateway]
---

## One

Text.

::: target=gateway

## Only on the gateway

Text.

:::
`;

describe('the lesson catalog', () => {
  it('lists step counts per target, marks unsupported targets and broken files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-catalog-'));
    const good = join(dir, 'good.md');
    const broken = join(dir, 'broken.md');
    writeFileSync(good, lessonText('Cached'));
    writeFileSync(broken, '---\ntitle: no id\n---\n');
    const items = await loadCatalog([good, broken, join(dir, 'missing.md')]);
    const [onGateway, onSandbox, onKind] = (['gateway', 'sandbox', 'kind'] as const).map((target) =>
      catalogEntries(items, target, []),
    );
    expect(onGateway![0]).toMatchObject({ id: 'cached', title: 'Cached', supported: true, stepCount: 2 });
    expect(onSandbox![0]).toMatchObject({ supported: true, stepCount: 1 });
    expect(onKind![0]).toMatchObject({ supported: false });
    expect(onGateway![1]!.problem).toMatch(/^\d+ errors?: .*broken\.md:\d+:\d+ .*\(run kong-workshop lint\)$/);
    expect(onGateway![2]!.problem).toMatch(/^cannot read it: ENOENT/);
  });

  it('counts done steps from the progress file, by step id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-catalog-'));
    const file = join(dir, 'lesson.md');
    writeFileSync(file, lessonText('With progress'));
    await saveProgress({
      version: 1,
      lessonId: 'cached',
      target: 'gateway',
      file,
      steps: {
        one: { status: 'passed', at: 'x' },
        'only-on-the-gateway': { status: 'failed', at: 'x' },
        gone: { status: 'passed', at: 'x' },
      },
      lastVisited: '2020-01-01T00:00:00.000Z',
      vars: {},
    });
    const [entry] = catalogEntries(await loadCatalog([file]), 'gateway');
    expect(entry?.progress).toEqual({ passed: 1, skipped: 0, failed: 1, lastVisited: '2020-01-01T00:00:00.000Z' });
  });

  it('keeps what it parsed, by size and time, and parses a file again once it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-catalog-'));
    const file = join(dir, 'lesson.md');
    writeFileSync(file, lessonText('First'));
    await loadCatalog([file]);
    const cachePath = join(statePaths().stateDir, 'catalog-cache.json');
    const cache = JSON.parse(readFileSync(cachePath, 'utf8'));
    expect(cache.entries[file].item.meta.title).toBe('First');

    // What the cache says is believed while the file's stamp is unchanged: nothing was parsed.
    cache.entries[file].item.meta.title = 'From the cache';
    writeFileSync(cachePath, JSON.stringify(cache));
    expect(catalogEntries(await loadCatalog([file]), 'gateway', [])[0]?.title).toBe('From the cache');

    writeFileSync(file, lessonText('Second'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(catalogEntries(await loadCatalog([file]), 'gateway', [])[0]?.title).toBe('Second');
  });

  it('ignores a cache file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-catalog-'));
    const file = join(dir, 'lesson.md');
    writeFileSync(file, lessonText('Fine'));
    mkdirSync(statePaths().stateDir, { recursive: true });
    writeFileSync(join(statePaths().stateDir, 'catalog-cache.json'), '{not json');
    expect(catalogEntries(await loadCatalog([file]), 'gateway', [])[0]?.title).toBe('Fine');
  });
});
