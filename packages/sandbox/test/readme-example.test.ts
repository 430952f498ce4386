// The README's "Start it from a test" example, word for word: if this breaks, so does the README.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

let kong: RunningSandbox;
beforeAll(async () => {
  kong = await startSandbox({ proxyPort: 0, adminPort: 0, auth: false, persist: false, advertise: false });
});
afterAll(() => kong.stop());

it('protects a route with key-auth', async () => {
  const admin = (path: string, body: unknown) =>
    fetch(`${kong.adminUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await admin('/services', { name: 'echo', url: 'http://echo' });
  await admin('/services/echo/routes', { name: 'echo', paths: ['/echo'] });
  await admin('/services/echo/plugins', { name: 'key-auth' });

  const response = await fetch(`${kong.proxyUrl}/echo`);
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Key');
});
