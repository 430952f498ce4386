import { describe, expect, it } from 'vitest';
import { errors, fence, firstStepBlocks, source } from './helpers.js';

const SANDBOX = '---\nid: t\ntitle: T\ntargets: [sandbox]\n---\n';

describe('holds-before on a check', () => {
  it('marks the check as a fact verify may find true before its step', () => {
    const [declared, plain] = firstStepBlocks(
      source(
        `## S\n\n${fence('check cmd holds-before', 'run: "true"')}\n${fence(
          'check',
          'request: GET ' + '{{PROXY}}/\nexpect: { status: 200 }',
        )}`,
        SANDBOX,
      ),
    );
    expect(declared).toMatchObject({ type: 'check', holdsBefore: true });
    expect(plain).toMatchObject({ type: 'check' });
    expect(plain && 'holdsBefore' in plain).toBe(false);
  });

  it('is a flag that only checks take', () => {
    expect(errors(source(`## S\n\n${fence('sh run holds-before', 'echo hi')}`, SANDBOX))).toEqual([
      'unknown-attribute 8:11',
    ]);
    expect(errors(source(`## S\n\n${fence('check cmd holds-before=yes', 'run: "true"')}`, SANDBOX))).toEqual([
      'invalid-attribute 8:14',
    ]);
  });
});
