import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPages } from '../../src/import/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { corpusDir } from './corpus.js';

// Imported pages whose plugins the sandbox has run green on it, through the real CLI and a
// sandbox started for the run (loopback, ephemeral ports).
const pages = corpusDir
  ? [
      join(
        corpusDir,
        'kong-developer-docs-site',
        'app',
        '_how-tos',
        'gateway',
        'add-rate-limiting-for-a-consumer-with-kong-gateway.md',
      ),
      join(
        corpusDir,
        'kong-developer-docs-site',
        'app',
        '_how-tos',
        'gateway',
        'enable-key-authentication-on-a-service-with-kong-gateway.md',
      ),
      // Key Auth and Basic Auth with an anonymous fallback: the page's `user:` is sent as basic auth.
      join(corpusDir, 'kong-developer-docs-site', 'app', '_how-tos', 'gateway', 'allow-multiple-authentication.md'),
      join(corpusDir, 'hugo-workshops', 'workshop-kong-api-ai-gateway__151-key-authentication_kong-consumer.en.md'),
    ]
  : [];

describe.skipIf(!corpusDir)('imported pages on the sandbox', () => {
  it.each(pages)(
    '%s runs green',
    async (page) => {
      const out = tempDir('import-run-');
      const { lessons } = await importPages(page, { out });
      const lesson = join(out, lessons[0]!.file);
      const result = await runCli(
        ['run', lesson, '--target', 'sandbox', '--proxy-port', '0', '--admin-port', '0', '--trust'],
        { timeoutMs: 90_000 },
      );
      expect(result.stdout).toMatch(/^PASSED /m);
      expect(result.code).toBe(0);
    },
    100_000,
  );
});
