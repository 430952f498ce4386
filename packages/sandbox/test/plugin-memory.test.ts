import { describe, expect, it } from 'vitest';
import { PluginMemory } from '../src/plugins/memory.js';

// The sweep keeps the memory of proxy-cache and rate-limiting-advanced bounded in a long-running sandbox.
describe('plugin memory sweep', () => {
  it('drops cache entries past their storage ttl and windows no sliding window reads', () => {
    const memory = new PluginMemory();
    const entry = { status: 200, headers: [], body: Buffer.from('x'), timestamp: 100, ttl: 30 };
    memory.cache.set('old', { ...entry, expires: 130 });
    memory.cache.set('fresh', { ...entry, expires: 200 });
    memory.windows.set('ns:ip:60:60', { count: 3, until: 180 });
    memory.windows.set('ns:ip:60:120', { count: 1, until: 240 });
    memory.sweep(180_000);
    expect([...memory.cache.keys()]).toEqual(['fresh']);
    expect([...memory.windows.keys()]).toEqual(['ns:ip:60:120']);
  });
});
