// The parser survives any input: every mutation of a real lesson yields a result or positioned
// diagnostics (never an exception), every position inside its line, and a bounded report. The
// mutation categories are those a fuzzer found crashes and hangs with; fast-check shrinks a failure
// to its smallest form and prints the seed that reproduces it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/index.js';
import { mutated } from './fuzz-mutations.js';

describe('the parser under fuzzed input', () => {
  it('answers every mutation with a result or diagnostics inside the file', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const result = parseLesson(text, 'fuzz.md');
        const lines = text
          .replace(/^\uFEFF/, '')
          .replace(/\r\n?/g, '\n')
          .split('\n');
        expect(result.lesson !== undefined || result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        expect(result.diagnostics.length).toBeLessThanOrEqual(101);
        for (const d of result.diagnostics) {
          const line = lines[d.line - 1];
          expect(line, `${d.code} at ${d.line}:${d.column}`).toBeDefined();
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeLessThanOrEqual((line?.length ?? 0) + 1);
          expect(d.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  }, 180_000);
});
