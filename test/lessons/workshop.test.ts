import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lintPaths,
  parseLessonFile,
  projectLesson,
  type Block,
  type Lesson,
  type TargetName,
} from '../../src/lesson/index.js';
import { renderDeckTemplate, type RunningSandbox } from '@kong-workshop/sandbox';
import { startWorkshopSandbox } from '../../src/sandbox-host/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';

// The bundled workshop: lessons/*.md and the fixtures they apply. These tests hold the lessons
// to what the issue promises: lint-clean, runnable end to end on the sandbox, and every file a
// lesson applies present and shaped the way current Kong, KIC and the Kong operator want it.

const lessonsDir = join(repoRoot, 'lessons');
const fixturesDir = join(repoRoot, 'fixtures');
const lessonFiles = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => join(lessonsDir, name));

let lessons: Lesson[];
beforeAll(async () => {
  lessons = await Promise.all(
    lessonFiles.map(async (file) => {
      const result = await parseLessonFile(file);
      if (!result.lesson) throw new Error(`${file} does not parse`);
      return result.lesson;
    }),
  );
});

/** Every block of every step (sections included) and of the clean-up, as one target sees them. */
function blocksOn(lesson: Lesson, target: TargetName): Block[] {
  const projected = projectLesson(lesson, target);
  const steps = projected.cleanup ? [...projected.steps, projected.cleanup] : projected.steps;
  return steps.flatMap((step) => [...step.blocks, ...step.sections.flatMap((section) => section.blocks)]);
}

function commandsOn(lesson: Lesson, target: TargetName): string[] {
  return blocksOn(lesson, target).flatMap((block) =>
    block.type === 'run'
      ? [block.command]
      : block.type === 'check' && block.spec.kind === 'cmd'
        ? [block.spec.command]
        : [],
  );
}

/** The programs a shell command runs: the first word of each pipeline part, after any VAR=value. */
function programsIn(command: string): string[] {
  return command
    .replaceAll('\\\n', ' ')
    .split(/\n|&&|\|\||[|;(){}]/)
    .map((part) =>
      part
        .trim()
        .replace(/^!\s*/, '')
        .replace(/^(\w+=("[^"]*"|'[^']*'|\S*)\s*)+/, ''),
    )
    .map((part) => part.split(/\s+/)[0] ?? '')
    .filter((word) => /^[\w-]+$/.test(word));
}

function yamlDocuments(path: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('the workshop lessons', () => {
  it('are the setup and four lessons, in order', () => {
    expect(lessons.map((lesson) => lesson.id)).toEqual([
      'setup',
      'auth-configuration',
      'key-auth',
      'consumers',
      'per-consumer-limits',
    ]);
  });

  it('lint clean: no errors and no warnings (every step has a hint and a solution)', async () => {
    const { files, diagnostics } = await lintPaths([lessonsDir]);
    expect(files).toBe(5);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual([]);
  });

  it('give every step presenter notes on every target, and fit a 20-minute slot', () => {
    for (const lesson of lessons) {
      expect(lesson.durationMs).toBeLessThanOrEqual(20 * 60_000);
      for (const target of lesson.targets) {
        for (const step of projectLesson(lesson, target).steps) {
          expect(
            step.sections.map((section) => section.kind),
            `${lesson.id} on ${target}: ${step.title}`,
          ).toContain('notes');
        }
      }
    }
  });

  it('run on the sandbox with nothing but Node: no curl, jq, kubectl, deck, helm or kongctl', () => {
    const invoked = new Set<string>();
    for (const lesson of lessons.filter((l) => l.targets.includes('sandbox'))) {
      for (const command of commandsOn(lesson, 'sandbox')) for (const name of programsIn(command)) invoked.add(name);
    }
    expect(invoked).toContain('kong-workshop');
    for (const tool of ['curl', 'jq', 'kubectl', 'deck', 'helm', 'kind', 'kongctl', 'docker'])
      expect([...invoked]).not.toContain(tool);
    // The same reading finds the tools the other targets do use.
    const gateway = lessons
      .flatMap((lesson) => (lesson.targets.includes('gateway') ? commandsOn(lesson, 'gateway') : []))
      .flatMap(programsIn);
    expect(gateway).toContain('deck');
    expect(gateway).toContain('curl');
  });

  it('keep tokens out of command text: commands use $VARIABLES, never {{SECRETS}}', () => {
    for (const lesson of lessons) {
      for (const target of lesson.targets) {
        for (const command of commandsOn(lesson, target))
          expect(command).not.toMatch(/\{\{\s*(SANDBOX_TOKEN|KONNECT_TOKEN|KONNECT_PAT)\s*\}\}/);
      }
    }
  });

  it('refer only to fixtures that exist, in commands and in solutions alike', () => {
    const referenced = new Set<string>();
    for (const file of lessonFiles) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:\{\{FIXTURES\}\}|\bfixtures)\/([\w./-]+\.ya?ml)/g))
        referenced.add(match[1]!);
    }
    expect(referenced.size).toBeGreaterThan(10);
    for (const path of referenced) expect(existsSync(join(fixturesDir, path)), `fixtures/${path}`).toBe(true);
  });
});

describe('deck fixtures', () => {
  const deckDir = join(fixturesDir, 'deck');
  const deckFiles = readdirSync(deckDir).filter((name) => name.endsWith('.yaml'));

  it('are plain Kong declarative config in format 3.0, so POST /config takes them too', () => {
    expect(deckFiles.sort()).toEqual(['consumers.yaml', 'echo.yaml', 'key-auth.yaml', 'rate-limits.yaml']);
    for (const name of deckFiles) {
      const text = readFileSync(join(deckDir, name), 'utf8');
      const content = parseYaml(renderDeckTemplate(text, { DECK_UPSTREAM: 'http://echo' })) as Record<string, unknown>;
      expect(content._format_version, name).toBe('3.0');
      // deck-only keys: Kong's /config schema rejects them (fact sheet §5, §10.12).
      for (const key of ['_info', '_konnect', '_workspace']) expect(Object.keys(content), name).not.toContain(key);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
      expect(text, name).toContain('url: ${{ env "DECK_UPSTREAM" }}');
    }
  });

  it('give alex 5 and sam 8 requests a minute, local policy, on the consumers', () => {
    const content = parseYaml(
      renderDeckTemplate(readFileSync(join(deckDir, 'rate-limits.yaml'), 'utf8'), { DECK_UPSTREAM: 'http://echo' }),
    ) as {
      consumers: { username: string; plugins: { name: string; config: { minute: number; policy: string } }[] }[];
    };
    expect(content.consumers.map((c) => [c.username, c.plugins[0]!.name, c.plugins[0]!.config])).toEqual([
      ['alex', 'rate-limiting', { minute: 5, policy: 'local' }],
      ['sam', 'rate-limiting', { minute: 8, policy: 'local' }],
    ]);
  });

  describe('loaded into a sandbox with POST /config, as the gateway target does', () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startWorkshopSandbox({
        proxyPort: 0,
        adminPort: 0,
        auth: false,
        persist: false,
        advertise: false,
      });
    });
    afterAll(() => sandbox.stop());

    it.each(deckFiles)('%s is a valid Kong configuration (201)', async (name) => {
      const yaml = renderDeckTemplate(readFileSync(join(deckDir, name), 'utf8'), { DECK_UPSTREAM: 'http://echo' });
      const response = await fetch(`${sandbox.adminUrl}/config`, {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: yaml,
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const proxied = await fetch(`${sandbox.proxyUrl}/echo`);
      expect(proxied.status).toBe(name === 'echo.yaml' ? 200 : 401);
    });
  });
});

describe('Kubernetes fixtures', () => {
  it('are namespace-free, so `kubectl apply -n {{NAMESPACE}}` decides where they go', () => {
    for (const dir of ['kic', 'operator']) {
      for (const name of readdirSync(join(fixturesDir, dir))) {
        for (const doc of yamlDocuments(join(fixturesDir, dir, name))) {
          expect((doc.metadata as { namespace?: string }).namespace, `${dir}/${name}`).toBeUndefined();
        }
      }
    }
  });

  it('KIC: KongPlugins carry plugin and config at the top level; consumers are Kong ingress class; keys are labelled credentials', () => {
    const plugins = [
      ...yamlDocuments(join(fixturesDir, 'kic', 'key-auth-plugin.yaml')),
      ...yamlDocuments(join(fixturesDir, 'kic', 'rate-limit-plugins.yaml')),
    ];
    expect(
      plugins.map((p) => [p.apiVersion, p.kind, (p.metadata as { name: string }).name, p.plugin, p.config]),
    ).toEqual([
      ['configuration.konghq.com/v1', 'KongPlugin', 'key-auth', 'key-auth', { key_names: ['apikey'] }],
      [
        'configuration.konghq.com/v1',
        'KongPlugin',
        'rate-limit-5-per-minute',
        'rate-limiting',
        { minute: 5, policy: 'local' },
      ],
      [
        'configuration.konghq.com/v1',
        'KongPlugin',
        'rate-limit-8-per-minute',
        'rate-limiting',
        { minute: 8, policy: 'local' },
      ],
    ]);
    const consumers = yamlDocuments(join(fixturesDir, 'kic', 'consumers.yaml'));
    const keys = yamlDocuments(join(fixturesDir, 'kic', 'consumer-keys.yaml'));
    for (const consumer of consumers) {
      expect(consumer).toMatchObject({
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongConsumer',
        metadata: { annotations: { 'kubernetes.io/ingress.class': 'kong' } },
      });
      const [secretName] = consumer.credentials as string[];
      const secret = keys.find((doc) => (doc.metadata as { name: string }).name === secretName);
      expect(secret, secretName).toMatchObject({
        kind: 'Secret',
        metadata: { labels: { 'konghq.com/credential': 'key-auth', 'konghq.com/secret': 'true' } },
        stringData: { key: `${consumer.username as string}-demo-key` },
      });
    }
  });

  it('operator: the Secret has both labels the current operator needs, and the auth configurations use konnect.konghq.com/v1alpha1', () => {
    const [secret] = yamlDocuments(join(fixturesDir, 'operator', 'konnect-token-secret.yaml'));
    expect(secret).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'konnect-token', labels: { 'konghq.com/credential': 'konnect', 'konghq.com/secret': 'true' } },
      stringData: { token: 'kpat_REPLACE_ME' },
    });
    const [inline] = yamlDocuments(join(fixturesDir, 'operator', 'auth-inline.yaml'));
    expect(inline).toMatchObject({
      apiVersion: 'konnect.konghq.com/v1alpha1',
      kind: 'KonnectAPIAuthConfiguration',
      spec: { type: 'token', token: 'kpat_REPLACE_ME', serverURL: 'us.api.konghq.com' },
    });
    const [secretRef] = yamlDocuments(join(fixturesDir, 'operator', 'auth-secret-ref.yaml'));
    expect(secretRef).toMatchObject({
      apiVersion: 'konnect.konghq.com/v1alpha1',
      kind: 'KonnectAPIAuthConfiguration',
      spec: { type: 'secretRef', secretRef: { name: 'konnect-token' }, serverURL: 'us.api.konghq.com' },
    });
  });
});

describe('kong-workshop run lessons --target sandbox (the built CLI)', () => {
  afterAll(async () => {
    await runCli(['sandbox', 'stop']);
  });

  it('passes every lesson end to end, clean-ups included, on a sandbox on ephemeral ports', async () => {
    const result = await runCli(
      [
        'run',
        'lessons',
        '--target',
        'sandbox',
        '--proxy-port',
        '0',
        '--admin-port',
        '0',
        '--cleanup',
        '--format',
        'json',
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      status: string;
      target: string;
      summary: {
        lessons: { passed: number };
        checks: { passed: number; failed: number; error: number; notRun: number };
      };
      lessons: { id: string; status: string }[];
    };
    expect(report).toMatchObject({ status: 'passed', target: 'sandbox' });
    expect(report.lessons.map((lesson) => [lesson.id, lesson.status])).toEqual(
      lessons.map((lesson) => [lesson.id, 'passed']),
    );
    expect(report.summary.checks).toMatchObject({ failed: 0, error: 0, notRun: 0 });
    expect(report.summary.checks.passed).toBeGreaterThanOrEqual(28);
  }, 90_000);
});
