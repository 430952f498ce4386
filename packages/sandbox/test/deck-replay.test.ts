import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord } from '@kong-workshop/common';
import { TestSandbox } from './harness.js';

// deck against the sandbox, replayed: fixtures/deck-replay.json lists every Admin API request
// `deck gateway sync`, `diff`, `dump` and `reset --kong-addr` make against a DB-less Kong (read from
// Kong/deck, go-database-reconciler and go-kong; the fixture names the files) and the shape of the
// answer deck relies on. The steps run in order against a real sandbox over loopback.

interface Step {
  readonly command: string;
  readonly method: string;
  readonly path: string;
  readonly why: string;
  readonly body?: unknown;
  readonly status?: number;
  readonly statusOneOf?: readonly number[];
  readonly shape?: Readonly<Record<string, unknown>>;
}

function parseSteps(text: string): Step[] {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed) || !Array.isArray(parsed.steps)) throw new Error('deck-replay.json: expected {steps: [...]}');
  return parsed.steps.map((raw, i) => {
    if (!isRecord(raw) || typeof raw.method !== 'string' || typeof raw.path !== 'string')
      throw new Error(`deck-replay.json: step ${i} needs a method and a path`);
    return {
      command: String(raw.command),
      method: raw.method,
      path: raw.path,
      why: String(raw.why),
      body: raw.body,
      status: typeof raw.status === 'number' ? raw.status : undefined,
      statusOneOf: Array.isArray(raw.statusOneOf) ? raw.statusOneOf.map(Number) : undefined,
      shape: isRecord(raw.shape) ? raw.shape : undefined,
    };
  });
}

const steps = parseSteps(readFileSync(join(import.meta.dirname, 'fixtures', 'deck-replay.json'), 'utf8'));

/** The value at a dotted path (`data.0.target`), or undefined. */
function at(body: unknown, path: string): unknown {
  let value = body;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) value = value[Number(part)];
    else if (isRecord(value)) value = value[part];
    else return undefined;
  }
  return value;
}

/** Why a value does not have the expected shape, or undefined when it does. */
function mismatch(value: unknown, expected: unknown): string | undefined {
  switch (expected) {
    case '$array':
      return Array.isArray(value) ? undefined : 'expected an array';
    case '$string':
      return typeof value === 'string' ? undefined : 'expected a string';
    case '$number':
      return typeof value === 'number' ? undefined : 'expected a number';
    case '$null':
      return value === null ? undefined : 'expected null';
    case '$semver':
      // go-database-reconciler utils.ParseKongVersion: a semantic version, optionally with a suffix.
      return typeof value === 'string' && /^\d+\.\d+\.\d+/.test(value) ? undefined : 'expected a semantic version';
    case '$uuid':
      return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? undefined : 'expected a uuid';
    default:
      return JSON.stringify(value) === JSON.stringify(expected) ? undefined : `expected ${JSON.stringify(expected)}`;
  }
}

describe('deck gateway sync|diff|dump|reset, replayed against the sandbox', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await TestSandbox.start();
  });
  afterAll(() => sb.stop());

  it('covers every command and the read deck fails on', () => {
    expect(new Set(steps.map((s) => s.command))).toEqual(new Set(['sync', 'diff', 'dump', 'reset']));
    expect(steps.filter((s) => s.method === 'GET' && s.path.startsWith('/certificates')).length).toBe(4);
  });

  it('answers each request as Kong does, in order', async () => {
    for (const step of steps) {
      const where = `${step.command}: ${step.method} ${step.path} (${step.why})`;
      const answer = await sb.admin(step.method, step.path, step.body);
      if (step.statusOneOf) expect(step.statusOneOf, where).toContain(answer.status);
      else expect(answer.status, `${where}: ${answer.text}`).toBe(step.status);
      for (const [path, expected] of Object.entries(step.shape ?? {}))
        expect(
          mismatch(at(answer.json, path), expected),
          `${where}: ${path} = ${JSON.stringify(at(answer.json, path))}`,
        ).toBeUndefined();
    }
  });
});
