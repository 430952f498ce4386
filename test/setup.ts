import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Tests must never read or write the developer's real state, config or tokens.
const home = mkdtempSync(join(tmpdir(), 'kw-test-home-'));
process.env.KONG_WORKSHOP_HOME = home;
process.env.NO_COLOR = '1';
afterAll(() => rmSync(home, { recursive: true, force: true }));
