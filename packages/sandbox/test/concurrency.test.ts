import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSandbox } from './harness.js';

describe('rate-limit counters under concurrency', () => {
  let sb: TestSandbox;
  const agent = new Agent({ connections: 200 });
  beforeAll(async () => {
    sb = await TestSandbox.start();
    await sb.configure({
      services: [
        {
          name: 'echo',
          url: 'http://echo',
          routes: [{ name: 'r', paths: ['/echo'] }],
          plugins: [{ name: 'key-auth' }],
        },
      ],
      consumers: [
        {
          username: 'busy',
          keyauth_credentials: [{ key: 'busy-key' }],
          plugins: [{ name: 'rate-limiting', config: { minute: 50 } }],
        },
      ],
    });
  });
  afterAll(async () => {
    await agent.close();
    await sb.stop();
  });

  it('200 parallel requests against a limit of 50 allow exactly 50', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const response = await request(`${sb.sandbox.proxyUrl}/echo`, {
          headers: { apikey: 'busy-key' },
          dispatcher: agent,
        });
        await response.body.dump();
        return response.statusCode;
      }),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150);
  });
});
