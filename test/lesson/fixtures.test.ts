import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLessonFile, projectLesson, TARGET_NAMES } from '../../src/lesson/index.js';

const root = join(import.meta.dirname, '..', '..', 'fixtures', 'lessons');
const brief = (d: { severity: string; code: string; line: number; column: number }) =>
  `${d.severity === 'warning' ? 'warning ' : ''}${d.code} ${d.line}:${d.column}`;

// Every diagnostic each invalid fixture must produce, and no other: code and exact position.
const expected: Record<string, string[]> = {
  'blocks-and-attributes.md': [
    'block-outside-step 9:1',
    'warning missing-hint 13:1',
    'warning missing-solution 13:1',
    'unknown-attribute 15:11',
    'bad-duration 19:19',
    'unknown-target 23:18',
    'target-not-listed 27:18',
    'run-language 31:11',
    'invalid-attribute 35:14',
    'invalid-attribute 35:34',
    'invalid-variable-name 39:19',
    'invalid-attribute 39:25',
    'missing-include 43:17',
    'duplicate-step-id 46:1',
    'warning missing-hint 46:1',
    'warning missing-solution 46:1',
    'unknown-attribute 48:10',
  ],
  'commands.md': [
    'konnect-flags 27:1',
    'solution-variables 27:1',
    'solution-variables 28:32',
    'konnect-flags 40:1',
    'unknown-flag 40:64',
    'kongctl-base-url 46:6',
    'kongctl-base-url 60:60',
    'unknown-flag 72:61',
    'unknown-flag 73:78',
    'solution-variables 87:21',
  ],
  'checks.md': [
    'warning missing-hint 7:1',
    'warning missing-solution 7:1',
    'bad-yaml 14:3',
    'unknown-key 20:3',
    'unknown-key 22:24',
    'unknown-key 23:1',
    'bad-duration 24:13',
    'invalid-check 28:10',
    'series-length 31:11',
    'bad-yaml 38:17',
    'invalid-check 48:3',
    'invalid-variable-name 52:3',
    'invalid-check 53:10',
    'kongplugin-programmed 59:14',
    'bad-duration 67:39',
    'unknown-kind 71:11',
    'invalid-check 76:13',
    'invalid-check 81:20',
    'bad-duration 89:10',
  ],
  'front-matter.md': [
    'invalid-front-matter 1:1',
    'invalid-front-matter 2:5',
    'unknown-key 3:1',
    'unknown-target 4:20',
    'bad-duration 5:11',
    'invalid-front-matter 8:12',
    'unknown-target 9:5',
    'invalid-variable-name 11:3',
    'reserved-variable 12:3',
    'unknown-key 17:5',
  ],
  'output.md': [
    'warning missing-hint 9:1',
    'warning missing-solution 9:1',
    'output-without-run 11:1',
    'invalid-attribute 19:17',
    'unknown-placeholder 24:4',
    'placeholder-in-exact 28:4',
    'invalid-output 32:1',
    'undefined-variable 36:1',
    'warning missing-hint 43:1',
    'warning missing-solution 43:1',
    'output-without-run 45:1',
    'invalid-output 49:1',
    'output-without-run 49:1',
  ],
  'structure.md': [
    'block-outside-step 11:1',
    'warning missing-hint 18:1',
    'warning missing-solution 18:1',
    'undefined-variable 21:40',
    'undefined-variable 22:9',
    'undefined-variable 23:6',
    'undefined-variable 31:14',
    'warning unknown-section 43:1',
    'unbalanced-container 49:1',
    'warning missing-hint 53:1',
    'warning missing-solution 53:1',
    'undefined-variable 56:21',
    'unbalanced-container 59:1',
    'unbalanced-container 61:1',
    'warning missing-solution 62:1',
    'unbalanced-details 64:1',
    'warning missing-hint 69:1',
    'warning missing-solution 69:1',
    'unreachable-target 77:18',
    'unbalanced-container 82:1',
    'undefined-variable 87:6',
    'cleanup-not-last 90:1',
    'warning missing-hint 90:1',
    'warning missing-solution 90:1',
    'container-needs-blank-line 93:1',
  ],
};

describe('invalid fixtures', () => {
  it('has an expectation for every fixture', () => {
    expect(
      readdirSync(join(root, 'invalid'))
        .filter((f) => f.endsWith('.md'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s reports every mistake where it is', async (file, diagnostics) => {
    const result = await parseLessonFile(join(root, 'invalid', file));
    expect(result.lesson).toBeUndefined();
    expect(result.diagnostics.map(brief)).toEqual(diagnostics);
    for (const d of result.diagnostics) {
      expect(d.hint.length, `${brief(d)} has a hint`).toBeGreaterThan(10);
      expect(d.hint, `${brief(d)}: one line`).not.toContain('\n');
      expect(d.message).not.toContain('\n');
    }
  });

  it('reads the commands for the real targets: misspelt flags with what they meant and where the flag table comes from', async () => {
    const hints = new Map(
      (await parseLessonFile(join(root, 'invalid', 'commands.md'))).diagnostics.map((d) => [
        `${d.code} ${d.line}:${d.column}`,
        `${d.message} | ${d.hint}`,
      ]),
    );
    expect(hints.get('unknown-flag 40:64')).toMatch(
      /^deck gateway diff has no flag --konnect-adr \| did you mean --konnect-addr\? flags as read from Kong\/deck v\d+\.\d+\.\d+ \(cmd\/gateway_diff\.go/,
    );
    expect(hints.get('unknown-flag 72:61')).toMatch(
      /^helm upgrade has no flag --create-namespce \| did you mean --create-namespace\? flags as read from helm\/helm v3\./,
    );
    expect(hints.get('unknown-flag 73:78')).toMatch(
      /did you mean --overwrite\? flags as read from kubernetes\/kubectl v0\./,
    );
    expect(hints.get('konnect-flags 27:1')).toContain(
      'deck gateway sync against Konnect without --konnect-addr | without it deck talks to https://us.api.konghq.com',
    );
    expect(hints.get('solution-variables 27:1')).toContain(
      "the solution's deck gateway sync leaves out --konnect-addr, which the step passes as $KONNECT_SERVER_URL",
    );
    expect(hints.get('solution-variables 28:32')).toContain(
      "the solution passes 'kong-workshop' to --konnect-control-plane-name, where the step passes $CONTROL_PLANE",
    );
    expect(hints.get('solution-variables 87:21')).toContain(
      "the solution passes 'kong' to -n, where the step passes $NAMESPACE",
    );
    expect(hints.get('kongctl-base-url 46:6')).toContain('kongctl get organization without --base-url');
  });

  it('suggests what a misspelling meant', async () => {
    const hints = (await parseLessonFile(join(root, 'invalid', 'checks.md'))).diagnostics.map((d) => d.hint);
    expect(hints).toContain("did you mean 'status'? 'expect' takes 'status', 'headers', 'json', 'body' or 'duration'");
    expect(hints.some((h) => h.startsWith("did you mean 'KongConsumer'?"))).toBe(true);
  });
});

describe('valid fixtures', () => {
  const files = readdirSync(join(root, 'valid')).filter((f) => f.endsWith('.md'));

  it.each(files)('%s parses without diagnostics and projects onto each of its targets', async (file) => {
    const result = await parseLessonFile(join(root, 'valid', file));
    expect(result.diagnostics).toEqual([]);
    const lesson = result.lesson!;
    for (const target of lesson.targets) {
      const projected = projectLesson(lesson, target);
      expect(projected.steps.length).toBeGreaterThan(0);
      expect(new Set(projected.steps.map((s) => s.id)).size).toBe(projected.steps.length);
    }
    expect(lesson.targets.every((t) => (TARGET_NAMES as readonly string[]).includes(t))).toBe(true);
  });

  it('keeps every HTTP check on {{PROXY}}, so the engine tests can point it at a test server', async () => {
    for (const file of files) {
      const lesson = (await parseLessonFile(join(root, 'valid', file))).lesson!;
      for (const step of lesson.steps)
        for (const block of step.blocks)
          if (block.type === 'check' && block.spec.kind === 'http')
            expect(block.spec.request.url).toMatch(/^\{\{PROXY\}\}/);
    }
  });

  it('covers the rate-limit sequence: six requests, 200 x5 then 429', async () => {
    const lesson = (await parseLessonFile(join(root, 'valid', 'rate-limit.md'))).lesson!;
    const check = lesson.steps[0]!.blocks.find((b) => b.type === 'check')!;
    expect(check.type === 'check' && check.spec.kind === 'http' && check.spec.repeat).toBe(6);
    expect(
      check.type === 'check' && check.spec.kind === 'http' && check.spec.series.status!.map((e) => e!.matchers[0]),
    ).toEqual([...Array(5).fill({ op: 'equals', value: 200 }), { op: 'equals', value: 429 }]);
  });

  it('shows included files as they are on disk', async () => {
    const lesson = (await parseLessonFile(join(root, 'valid', 'key-auth.md'))).lesson!;
    const include = lesson.intro.find((b) => b.type === 'display' && b.include);
    expect(include?.type === 'display' && include.code).toBe(
      readFileSync(join(root, 'valid', 'assets', 'echo-service.yaml'), 'utf8').trimEnd(),
    );
  });
});
