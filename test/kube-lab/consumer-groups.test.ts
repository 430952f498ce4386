import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO, LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// The tiers lesson on the kube lab: KongConsumerGroups carrying rate limits, KongConsumers in
// them with key-auth and acl credential Secrets, and an acl KongPlugin on the echo Ingress.
const TIERS = `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: gold-limit }
plugin: rate-limiting
config: { minute: 10, policy: local }
---
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: silver-limit }
plugin: rate-limiting
config: { minute: 3, policy: local }
---
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: key-auth }
plugin: key-auth
---
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: members-only }
plugin: acl
config: { allow: [members] }
---
apiVersion: configuration.konghq.com/v1beta1
kind: KongConsumerGroup
metadata:
  name: gold
  annotations: { kubernetes.io/ingress.class: kong, konghq.com/plugins: gold-limit }
---
apiVersion: configuration.konghq.com/v1beta1
kind: KongConsumerGroup
metadata:
  name: silver
  annotations: { kubernetes.io/ingress.class: kong, konghq.com/plugins: silver-limit }
---
apiVersion: v1
kind: Secret
metadata: { name: alice-key, labels: { konghq.com/credential: key-auth } }
stringData: { key: alice-key }
---
apiVersion: v1
kind: Secret
metadata: { name: bob-key, labels: { konghq.com/credential: key-auth } }
stringData: { key: bob-key }
---
apiVersion: v1
kind: Secret
metadata: { name: members-acl, labels: { konghq.com/credential: acl } }
stringData: { group: members }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: alice, annotations: { kubernetes.io/ingress.class: kong } }
username: alice
credentials: [alice-key, members-acl]
consumerGroups: [gold]
---
apiVersion: v1
kind: Secret
metadata: { name: bob-basic, labels: { konghq.com/credential: basic-auth } }
stringData: { username: bob, password: s3cret }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata: { name: bob, annotations: { kubernetes.io/ingress.class: kong } }
username: bob
credentials: [bob-key, bob-basic]
consumerGroups: [silver]
`;

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
  await lab.apply(ECHO);
  await lab.apply(TIERS);
  await lab.annotate('networking.k8s.io/v1', 'Ingress', 'echo', { 'konghq.com/plugins': 'key-auth, members-only' });
});
afterAll(() => lab.stop());

describe('consumer groups on the kube lab (KongConsumerGroup)', () => {
  it('reports KongConsumerGroups Programmed=True', async () => {
    const gold = await lab.get('configuration.konghq.com/v1beta1', 'KongConsumerGroup', 'gold');
    const conditions = (gold?.status as { conditions?: { type: string; status: string; reason: string }[] } | undefined)
      ?.conditions;
    expect(conditions?.find((c) => c.type === 'Programmed')).toMatchObject({ status: 'True', reason: 'Programmed' });
  });

  it('limits each group by its plugin, lets acl members through and refuses the rest with 403', async () => {
    const alice = await lab.proxy('/echo', { apikey: 'alice-key' });
    expect(alice.status).toBe(200);
    expect(alice.json.headers['x-consumer-groups']).toBe('members');
    const bob = await lab.proxy('/echo', { apikey: 'bob-key' });
    expect([bob.status, bob.json.message]).toEqual([403, 'You cannot consume this service']);
    const limits = await fetch(`${lab.sandbox.proxyUrl}/echo`, { headers: { apikey: 'alice-key' } });
    expect(limits.headers.get('x-ratelimit-limit-minute')).toBe('10');
  });

  it('turns a basic-auth credential Secret into a basic-auth credential (password stored hashed)', async () => {
    const credential = await fetch(`${lab.sandbox.adminUrl}/basic-auths/bob`, {
      headers: { authorization: `Bearer ${lab.sandbox.token}` },
    });
    const body = (await credential.json()) as { username: string; password: string };
    expect(body.username).toBe('bob');
    expect(body.password).toMatch(/^[0-9a-f]{40}$/);
  });

  it('puts the group plugin on the consumer group in the gateway', async () => {
    const plugins = await fetch(`${lab.sandbox.adminUrl}/consumer_groups/silver/plugins`, {
      headers: { authorization: `Bearer ${lab.sandbox.token}` },
    });
    const body = (await plugins.json()) as { data: { name: string; config: { minute: number } }[] };
    expect(body.data.map((p) => [p.name, p.config.minute])).toEqual([['rate-limiting', 3]]);
  });
});

describe('consumer group memberships across syncs', () => {
  it('keeps one membership per consumer and group however often the lab syncs', async () => {
    // Every apply syncs the gateway again; memberships carry no tags, so the lab must still know them as its own.
    await lab.annotate('configuration.konghq.com/v1', 'KongConsumer', 'alice', { 'example.test/touch': '1' });
    await lab.annotate('configuration.konghq.com/v1', 'KongConsumer', 'alice', { 'example.test/touch': '2' });
    const groups = await fetch(`${lab.sandbox.adminUrl}/consumers/alice/consumer_groups`, {
      headers: { authorization: `Bearer ${lab.sandbox.token}` },
    });
    const body = (await groups.json()) as { data: { name: string }[] };
    expect(body.data.map((g) => g.name)).toEqual(['gold']);
  });
});
