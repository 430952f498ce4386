import { expect, it } from 'vitest';
import { REPORTER_CHOICES, TARGET_CHOICES } from '../../src/cli/lesson-options.js';
import { TARGET_NAMES } from '../../src/lesson/index.js';
import { REPORTER_KINDS } from '../../src/report/index.js';

it('the CLI offers exactly the targets and reporters that exist', () => {
  expect([...TARGET_CHOICES]).toEqual([...TARGET_NAMES]);
  expect([...REPORTER_CHOICES]).toEqual([...REPORTER_KINDS]);
});
