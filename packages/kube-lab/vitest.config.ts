import { defineConfig } from 'vitest/config';

// The package's own tests, runnable from this folder alone (`npm test`), without the workshop around it.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
