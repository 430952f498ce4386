import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ESC = '\u001B[';

/** The environment for one case of the colour rule; NO_COLOR='' counts as unset. */
const rule = {
  'plain pipe': { NO_COLOR: '' },
  'FORCE_COLOR=1': { NO_COLOR: '', FORCE_COLOR: '1' },
  'FORCE_COLOR=1 with NO_COLOR=1': { NO_COLOR: '1', FORCE_COLOR: '1' },
  'FORCE_COLOR=0': { NO_COLOR: '', FORCE_COLOR: '0' },
  'FORCE_COLOR=1 with TERM=dumb': { NO_COLOR: '', FORCE_COLOR: '1', TERM: 'dumb' },
};
const expected: Record<keyof typeof rule, boolean> = {
  'plain pipe': false,
  'FORCE_COLOR=1': true,
  'FORCE_COLOR=1 with NO_COLOR=1': false,
  'FORCE_COLOR=0': false,
  // FORCE_COLOR is an explicit request: it wins over the terminal's type, as NO_COLOR wins over it.
  'FORCE_COLOR=1 with TERM=dumb': true,
};

describe('one colour rule for every command: NO_COLOR, then FORCE_COLOR, then a terminal that is not dumb', () => {
  const commands: Record<string, string[]> = {
    doctor: ['doctor'],
    lint: ['lint', 'fixtures/lessons/invalid/checks.md'],
    run: ['run', 'fixtures/lessons/invalid/checks.md'],
  };
  for (const [name, args] of Object.entries(commands)) {
    it.each(Object.keys(rule) as (keyof typeof rule)[])(`${name}: %s`, async (when) => {
      const result = await runCli(args, { env: { FORCE_COLOR: '', TERM: 'xterm', ...rule[when] } });
      expect(result.stdout.includes(ESC) || result.stderr.includes(ESC), `${name} ${when}`).toBe(expected[when]);
    });
  }
});
