import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dirs.js';

// Every way a vitest run goes red, one file each. CI trusts the closing line, so each must count as failed.
const FILES: Record<string, string> = {
  'passes.test.ts': `import { expect, it } from 'vitest';
it('passes', () => expect(1).toBe(1));
it.skip('is skipped', () => {});`,
  'fails.test.ts': `import { expect, it } from 'vitest';
it('fails', () => expect(1).toBe(2));`,
  'before-all.test.ts': `import { beforeAll, describe, it } from 'vitest';
describe('a group whose set-up throws', () => {
  beforeAll(() => { throw new Error('set-up broke'); });
  it('never runs', () => {});
});`,
  'after-all.test.ts': `import { afterAll, it } from 'vitest';
afterAll(() => { throw new Error('tear-down broke'); });
it('passes before the tear-down', () => {});`,
  'cannot-load.test.ts': `throw new Error('this file cannot load');`,
  'unhandled.test.ts': `import { it } from 'vitest';
it('passes, but leaves a rejection behind', () => { setTimeout(() => Promise.reject(new Error('late')), 0); });
it('waits for it', async () => { await new Promise((done) => setTimeout(done, 100)); });`,
};

describe('the closing line of a test run', () => {
  it('counts a throwing beforeAll or afterAll, a file that fails to load and a stray error as failures', async () => {
    const root = tempDir('kw-reporter-');
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(root, name), text);
    const run = await execa(
      process.execPath,
      [
        resolve('node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        root,
        `--reporter=${resolve('test/summary-reporter.ts')}`,
      ],
      { reject: false, env: { NO_COLOR: '1' } },
    );
    expect(run.exitCode).toBe(1);
    // passed: 2 in unhandled, 1 in passes, 1 in after-all. failed: fails, before-all's group, after-all's file,
    // cannot-load, the rejection. skipped: the skipped one and the one its group's set-up stopped.
    expect(run.stdout.trim().split('\n').at(-1)).toBe('4 passed, 5 failed, 2 skipped');
  });
});
