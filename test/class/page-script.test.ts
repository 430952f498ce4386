import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CLASS_PAGE_SCRIPT } from '../../src/class/page.js';

// The browser test needs chromium; this catches a page script that no longer parses (a redeclared name,
// a broken edit inside the template) in a second, on every machine.
describe('the class page script', () => {
  it('is valid JavaScript', () => {
    expect(() => new Script(CLASS_PAGE_SCRIPT, { filename: 'class-page.js' })).not.toThrow();
  });
});
