import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// The acl plugin and its acls credential, from Kong/kong at tag 3.9.1: kong/plugins/acl/{handler,
// schema,daos,groups}.lua and spec/03-plugins/18-acl/{01-api,02-access}_spec.lua. Rows name the spec case.

/** Consumers bob (ACL group admin, key bob-key) and sam (no ACL group, key sam-key) behind key-auth + acl. */
async function aclSetup(sb: TestSandbox, acl: Record<string, unknown>): Promise<void> {
  await sb.configure({
    services: [echoService({ plugins: [{ name: 'key-auth' }, { name: 'acl', config: acl }] })],
    consumers: [
      { username: 'bob', keyauth_credentials: [{ key: 'bob-key' }], acls: [{ group: 'admin' }, { group: 'pro' }] },
      { username: 'sam', keyauth_credentials: [{ key: 'sam-key' }] },
    ],
  });
}

const cases: FidelityCase[] = [
  {
    ref: '01-api_spec "creates an ACL association"',
    fact:
      'POST /consumers/{c}/acls {"group":"admin"} → 201 with the consumer reference; a missing group is 400 ' +
      '{group: "required field missing"}',
    async run(sb) {
      const bob = await sb.admin('POST', '/consumers', { username: 'bob' });
      const created = await sb.admin('POST', '/consumers/bob/acls', { group: 'admin', tags: ['t'] });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ group: 'admin', consumer: { id: bob.json.id }, tags: ['t'] });
      const missing = await sb.admin('POST', '/consumers/bob/acls', {});
      expect([missing.status, missing.json.fields]).toEqual([400, { group: 'required field missing' }]);
    },
  },
  {
    ref: '01-api_spec "retrieves by group" / "only if the ACL belongs to the specified consumer"',
    fact: "GET /consumers/{c}/acls/{group-or-id} finds the consumer's ACL; another consumer's is 404",
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers', { username: 'alice' });
      const acl = await sb.admin('POST', '/consumers/bob/acls', { group: 'admin' });
      expect((await sb.admin('GET', '/consumers/bob/acls/admin')).json.id).toBe(acl.json.id);
      expect((await sb.admin('GET', `/consumers/bob/acls/${acl.json.id}`)).status).toBe(200);
      expect((await sb.admin('GET', '/consumers/alice/acls/admin')).status).toBe(404);
      expect((await sb.admin('GET', `/consumers/alice/acls/${acl.json.id}`)).status).toBe(404);
      expect((await sb.admin('GET', `/acls/${acl.json.id}/consumer`)).json.username).toBe('bob');
    },
  },
  {
    ref: 'daos.lua cache_key {consumer, group}',
    fact: 'the same group twice for one consumer is a 409 unique violation',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'bob' });
      await sb.admin('POST', '/consumers/bob/acls', { group: 'admin' });
      const again = await sb.admin('POST', '/consumers/bob/acls', { group: 'admin' });
      expect([again.status, again.json.name]).toEqual([409, 'unique constraint violation']);
    },
  },
  {
    ref: 'schema.lua entity_checks',
    fact:
      'config needs exactly one of allow/deny: "at least one of these fields must be non-empty: ' +
      "'config.allow', 'config.deny'\" and \"only one of …\"",
    async run(sb) {
      const none = await sb.admin('POST', '/plugins', { name: 'acl' });
      expect(none.json.fields['@entity']).toEqual([
        "at least one of these fields must be non-empty: 'config.allow', 'config.deny'",
      ]);
      const both = await sb.admin('POST', '/plugins', { name: 'acl', config: { allow: ['a'], deny: ['b'] } });
      expect(both.json.fields['@entity']).toEqual([
        "only one of these fields must be non-empty: 'config.allow', 'config.deny'",
      ]);
      const ok = await sb.admin('POST', '/plugins', { name: 'acl', config: { allow: ['a'] } });
      expect(ok.json.config).toMatchObject({ hide_groups_header: false, always_use_authenticated_groups: false });
    },
  },
  {
    ref: '02-access_spec "should fail when an authentication plugin is missing"',
    fact: 'acl without any authentication: 401 "Unauthorized"',
    async run(sb) {
      await sb.configure({ services: [echoService({ plugins: [{ name: 'acl', config: { allow: ['admin'] } }] })] });
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.json.message]).toEqual([401, 'Unauthorized']);
    },
  },
  {
    ref: '02-access_spec "should work when allowed" / "should fail when not allowed"',
    fact:
      'allow: a consumer in the group passes with X-Consumer-Groups listing its groups; one without: 403 "You ' +
      'cannot consume this service"',
    async run(sb) {
      await aclSetup(sb, { allow: ['admin'] });
      const bob = await sb.proxy('/echo', { headers: { apikey: 'bob-key' } });
      expect(bob.status).toBe(200);
      expect(bob.json.headers['x-consumer-groups']).toBe('admin, pro');
      const sam = await sb.proxy('/echo', { headers: { apikey: 'sam-key' } });
      expect([sam.status, sam.json.message]).toEqual([403, 'You cannot consume this service']);
    },
  },
  {
    ref: '02-access_spec "should fail when denied" / "should work when not denied"',
    fact: 'deny: a consumer in a denied group gets 403; a consumer with no groups passes',
    async run(sb) {
      await aclSetup(sb, { deny: ['pro'] });
      expect((await sb.proxy('/echo', { headers: { apikey: 'bob-key' } })).status).toBe(403);
      const sam = await sb.proxy('/echo', { headers: { apikey: 'sam-key' } });
      expect(sam.status).toBe(200);
    },
  },
  {
    ref: '02-access_spec "should not send x-consumer-groups header when hide_groups_header flag true"',
    fact: 'hide_groups_header: no X-Consumer-Groups upstream',
    async run(sb) {
      await aclSetup(sb, { allow: ['admin'], hide_groups_header: true });
      const bob = await sb.proxy('/echo', { headers: { apikey: 'bob-key' } });
      expect(bob.status).toBe(200);
      expect(bob.json.headers['x-consumer-groups']).toBeUndefined();
    },
  },
  {
    ref: 'handler.lua PRIORITY 950',
    fact: 'acl runs after key-auth (1250) and before rate-limiting (910): a 403 uses up no quota',
    async run(sb) {
      await sb.configure({
        services: [
          echoService({
            plugins: [
              { name: 'key-auth' },
              { name: 'acl', config: { allow: ['admin'] } },
              { name: 'rate-limiting', config: { minute: 1 } },
            ],
          }),
        ],
        consumers: [
          { username: 'bob', keyauth_credentials: [{ key: 'bob-key' }], acls: [{ group: 'admin' }] },
          { username: 'sam', keyauth_credentials: [{ key: 'sam-key' }] },
        ],
      });
      const denied = await sb.proxy('/echo', { headers: { apikey: 'sam-key' } });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('x-ratelimit-limit-minute')).toBeNull();
      expect((await sb.proxy('/echo', { headers: { apikey: 'bob-key' } })).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { apikey: 'bob-key' } })).status).toBe(429);
    },
  },
];

describeFidelity('acl fidelity (Kong 3.9.1 acl plugin)', cases);
