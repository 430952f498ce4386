import { describe, expect, it } from 'vitest';
import { projectLesson, type CheckBlock, type HttpCheckSpec } from '../../src/lesson/index.js';
import { errors, fence, source, valid } from './helpers.js';

const FRONT = '---\nid: t\ntitle: T\ntargets: [sandbox, gateway, konnect]\n---\n';

const admin = fence(
  'check',
  [
    'name: the consumer exists',
    'request:',
    '  url: "{{PROXY}}/consumers"',
    '  headers:',
    '    Authorization: { by-target: { sandbox: "Bearer {{SANDBOX_TOKEN}}" } }',
    '    X-Where: { by-target: { "gateway,konnect": far, default: near } }',
    'expect: { status: 200 }',
  ].join('\n'),
);

function checkOn(target: 'sandbox' | 'gateway' | 'konnect'): HttpCheckSpec {
  const block = projectLesson(valid(source(`## S\n\n${admin}`, FRONT)), target).steps[0]!.blocks[0] as CheckBlock;
  if (block.spec.kind !== 'http') throw new Error('expected an HTTP check');
  return block.spec;
}

describe('per-target values in a check (by-target)', () => {
  it('gives each target its own value, and leaves the key out where no branch applies', () => {
    expect(checkOn('sandbox').request.headers).toEqual({
      Authorization: 'Bearer {{SANDBOX_TOKEN}}',
      'X-Where': 'near',
    });
    expect(checkOn('gateway').request.headers).toEqual({ 'X-Where': 'far' });
    expect(checkOn('konnect').request.headers).toEqual({ 'X-Where': 'far' });
  });

  it("checks a variable inside a branch only on that branch's targets", () => {
    // SANDBOX_TOKEN exists on the sandbox alone; outside a branch it would be undefined on gateway.
    expect(errors(source(`## S\n\n${admin}`, FRONT))).toEqual([]);
    const everywhere = admin.replace(
      '{ by-target: { sandbox: "Bearer {{SANDBOX_TOKEN}}" } }',
      '"Bearer {{SANDBOX_TOKEN}}"',
    );
    expect(errors(source(`## S\n\n${everywhere}`, FRONT))).toEqual(['undefined-variable 13:28']);
  });

  it('reports a branch for an unknown target, or for one the lesson does not list', () => {
    const bad = admin.replace('sandbox: "Bearer', 'sandbx: "Bearer').replace('"gateway,konnect"', '"gateway,kind"');
    expect(errors(source(`## S\n\n${bad}`, FRONT))).toEqual(['unknown-target 13:35', 'target-not-listed 14:29']);
  });

  it('reports a by-target that is not a map, and a branch whose value breaks the check for its target', () => {
    expect(
      errors(
        source(
          `## S\n\n${admin.replace('{ by-target: { sandbox: "Bearer {{SANDBOX_TOKEN}}" } }', '{ by-target: oops }')}`,
          FRONT,
        ),
      ),
    ).toEqual(['invalid-check 13:33']);
    const broken = fence(
      'check',
      'request: GET {{PROXY}}/x\nexpect: { by-target: { sandbox: { status: 200 }, default: { stauts: 200 } } }',
    );
    expect(errors(source(`## S\n\n${broken}`, FRONT))).toEqual(['unknown-key 10:61']);
  });
});
