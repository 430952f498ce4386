import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// Consumer groups are Kong Gateway Enterprise (Kong OSS 3.9.1 has no consumer_groups entity: there
// is no kong/db/schema/entities/consumer_groups.lua at that tag). The sandbox imitates them for
// teaching, as docs/sandbox.md says; these rows pin the imitation: Kong's entity rules, the
// membership endpoints, deck's consumer_groups, and Enterprise's documented plugin precedence
// (consumer > consumer group > route > service > global at each level).

/** gold and silver groups; alice in gold, bob in silver, carol in none; keys <name>-key. */
async function tiers(sb: TestSandbox, extra: Record<string, unknown> = {}): Promise<void> {
  await sb.configure({
    services: [echoService({ plugins: [{ name: 'key-auth' }] })],
    consumers: ['alice', 'bob', 'carol'].map((username) => ({
      username,
      keyauth_credentials: [{ key: `${username}-key` }],
    })),
    consumer_groups: [
      { name: 'gold', plugins: [{ name: 'rate-limiting', config: { minute: 10 } }] },
      { name: 'silver', plugins: [{ name: 'rate-limiting', config: { minute: 3 } }] },
    ],
    consumer_group_consumers: [
      { consumer_group: 'gold', consumer: 'alice' },
      { consumer_group: 'silver', consumer: 'bob' },
    ],
    ...extra,
  });
}

const limitFor = async (sb: TestSandbox, key: string) =>
  (await sb.proxy('/echo', { headers: { apikey: key } })).headers.get('x-ratelimit-limit-minute');

const cases: FidelityCase[] = [
  {
    ref: 'entity (Enterprise, imitated)',
    fact:
      'POST /consumer_groups needs a unique name: 201, then 409 UNIQUE violation; no name is 400 required field ' +
      'missing',
    async run(sb) {
      const gold = await sb.admin('POST', '/consumer_groups', { name: 'gold' });
      expect(gold.status).toBe(201);
      expect(gold.json).toMatchObject({ name: 'gold', tags: null });
      const again = await sb.admin('POST', '/consumer_groups', { name: 'gold' });
      expect([again.status, again.json.message]).toEqual([409, 'UNIQUE violation detected on \'{name="gold"}\'']);
      const nameless = await sb.admin('POST', '/consumer_groups', {});
      expect([nameless.status, nameless.json.fields]).toEqual([400, { name: 'required field missing' }]);
    },
  },
  {
    ref: 'membership endpoints (Enterprise, imitated)',
    fact:
      'a consumer joins by POST /consumer_groups/{g}/consumers or /consumers/{c}/consumer_groups; both sides ' +
      'list it; DELETE leaves',
    async run(sb) {
      await sb.admin('POST', '/consumer_groups', { name: 'gold' });
      await sb.admin('POST', '/consumer_groups', { name: 'silver' });
      await sb.admin('POST', '/consumers', { username: 'alice' });
      const joined = await sb.admin('POST', '/consumer_groups/gold/consumers', { consumer: 'alice' });
      expect(joined.status).toBe(201);
      expect(joined.json).toMatchObject({ consumer_group: { name: 'gold' }, consumers: [{ username: 'alice' }] });
      const other = await sb.admin('POST', '/consumers/alice/consumer_groups', { group: 'silver' });
      expect(other.json).toMatchObject({ consumer: { username: 'alice' }, consumer_groups: [{ name: 'silver' }] });
      const groups = await sb.admin('GET', '/consumers/alice/consumer_groups');
      expect(groups.json.data.map((g: { name: string }) => g.name)).toEqual(['gold', 'silver']);
      const view = await sb.admin('GET', '/consumer_groups/gold');
      expect(view.json).toMatchObject({ consumer_group: { name: 'gold' }, consumers: [{ username: 'alice' }] });
      expect((await sb.admin('POST', '/consumer_groups/gold/consumers', { consumer: 'alice' })).status).toBe(409);
      expect((await sb.admin('DELETE', '/consumer_groups/gold/consumers/alice')).status).toBe(204);
      expect((await sb.admin('GET', '/consumer_groups/gold/consumers')).json).toEqual({ data: [], next: null });
      expect((await sb.admin('POST', '/consumer_groups/gold/consumers', { consumer: 'nobody' })).status).toBe(404);
    },
  },
  {
    ref: 'cascade (Enterprise, imitated)',
    fact: 'deleting a consumer or a group removes its memberships and group-scoped plugins',
    async run(sb) {
      await tiers(sb);
      expect((await sb.admin('DELETE', '/consumers/alice')).status).toBe(204);
      expect((await sb.admin('GET', '/consumer_groups/gold/consumers')).json.data).toEqual([]);
      expect((await sb.admin('DELETE', '/consumer_groups/silver')).status).toBe(204);
      const plugins = await sb.admin('GET', '/plugins');
      expect(plugins.json.data.filter((p: { consumer_group: unknown }) => p.consumer_group)).toHaveLength(1);
    },
  },
  {
    ref: 'plugin scope (Enterprise, imitated)',
    fact: 'a rate-limiting plugin on a group applies to its members only: gold 10/min, silver 3/min, no group none',
    async run(sb) {
      await tiers(sb);
      expect(await limitFor(sb, 'alice-key')).toBe('10');
      expect(await limitFor(sb, 'bob-key')).toBe('3');
      expect(await limitFor(sb, 'carol-key')).toBeNull();
      const plugin = await sb.admin('GET', '/consumer_groups/gold/plugins');
      expect(plugin.json.data[0]).toMatchObject({ name: 'rate-limiting', config: { minute: 10 } });
    },
  },
  {
    ref: 'plugin precedence (Enterprise docs, imitated)',
    fact: 'consumer beats consumer group, which beats route, service and global',
    async run(sb) {
      await tiers(sb, {
        plugins: [
          { name: 'rate-limiting', config: { minute: 1 } },
          { name: 'rate-limiting', route: 'echo-route', config: { minute: 2 } },
          { name: 'rate-limiting', consumer: 'bob', config: { minute: 7 } },
        ],
      });
      expect(await limitFor(sb, 'alice-key')).toBe('10');
      expect(await limitFor(sb, 'bob-key')).toBe('7');
      expect(await limitFor(sb, 'carol-key')).toBe('2');
    },
  },
  {
    ref: 'group + route beats route + service (Enterprise docs, imitated)',
    fact: 'a group-and-route plugin outranks a plugin on the route and its service',
    async run(sb) {
      await tiers(sb, {
        plugins: [
          { name: 'rate-limiting', route: 'echo-route', service: 'echo', config: { minute: 2 } },
          { name: 'rate-limiting', route: 'echo-route', consumer_group: 'silver', config: { minute: 5 } },
        ],
      });
      expect(await limitFor(sb, 'bob-key')).toBe('5');
      expect(await limitFor(sb, 'alice-key')).toBe('2');
    },
  },
  {
    ref: 'X-Consumer-Groups (imitated)',
    fact: "an authenticated consumer's group names go upstream in X-Consumer-Groups",
    async run(sb) {
      await tiers(sb, {
        consumer_group_consumers: [
          { consumer_group: 'gold', consumer: 'alice' },
          { consumer_group: 'silver', consumer: 'alice' },
        ],
      });
      const alice = await sb.proxy('/echo', { headers: { apikey: 'alice-key' } });
      expect(alice.json.headers['x-consumer-groups']).toBe('gold, silver');
      const carol = await sb.proxy('/echo', { headers: { apikey: 'carol-key' } });
      expect(carol.json.headers['x-consumer-groups']).toBeUndefined();
    },
  },
  {
    ref: 'acl include_consumer_groups (Enterprise, imitated)',
    fact: 'acl allow: [gold] with include_consumer_groups lets gold members through and refuses others with 403',
    async run(sb) {
      await tiers(sb, {
        plugins: [{ name: 'acl', service: 'echo', config: { allow: ['gold'], include_consumer_groups: true } }],
      });
      expect((await sb.proxy('/echo', { headers: { apikey: 'alice-key' } })).status).toBe(200);
      const bob = await sb.proxy('/echo', { headers: { apikey: 'bob-key' } });
      expect([bob.status, bob.json.message]).toEqual([403, 'You cannot consume this service']);
    },
  },
  {
    ref: 'deck consumer_groups (go-database-reconciler pkg/file/types.go)',
    fact: "a deck file's consumer_groups with consumers and plugins, and consumers[].groups, sync as memberships",
    async run(sb) {
      const content = {
        _format_version: '3.0',
        services: [echoService({ plugins: [{ name: 'key-auth' }] })],
        consumers: [
          { username: 'alice', keyauth_credentials: [{ key: 'alice-key' }] },
          { username: 'bob', keyauth_credentials: [{ key: 'bob-key' }], groups: [{ name: 'silver' }] },
        ],
        consumer_groups: [
          {
            name: 'gold',
            consumers: [{ username: 'alice' }],
            plugins: [{ name: 'rate-limiting', config: { minute: 10 } }],
          },
          { name: 'silver', plugins: [{ name: 'rate-limiting', config: { minute: 3 } }] },
        ],
      };
      const synced = await sb.admin('POST', '/_sandbox/sync', { content });
      expect(synced.status).toBe(200);
      expect(await limitFor(sb, 'alice-key')).toBe('10');
      expect(await limitFor(sb, 'bob-key')).toBe('3');
      const again = await sb.admin('POST', '/_sandbox/sync', { content });
      expect(again.json.created).toBe(0);
    },
  },
];

describeFidelity('consumer groups (Kong Enterprise, imitated for teaching)', cases);
