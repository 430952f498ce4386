import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Tests never touch the developer's real sandbox folder, token or running sandbox.
const home = mkdtempSync(join(tmpdir(), 'kw-test-home-'));
process.env.KONG_WORKSHOP_HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));
