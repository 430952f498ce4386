import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

// CI reads one plain closing line, `N passed, N failed`; vitest's own summary is not in that form.
// Whatever makes vitest exit 1 must show in "failed", or the line would say a red run was green.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      // A file that fails to load, or a beforeAll or afterAll that throws, fails no test of its own: its tests
      // are skipped or passed, and the error sits on the file or suite. Each such error counts once.
      for (const suite of [testModule, ...testModule.children.allSuites()]) if (suite.errors().length > 0) failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
}
