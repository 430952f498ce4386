import type { LabObject } from '../types.js';
import { secretValue, tagsFor, type ClusterView } from './context.js';
import { stringsOrNull } from '@kong-workshop/common';

// KongConsumer → Kong consumers with credentials, as KIC's FillConsumersAndCredentials does it
// (internal/dataplane/kongstate/kongstate.go), with its failure messages.

/** The credential types KIC accepts on the `konghq.com/credential` label (credentials/vars.go). */
const SUPPORTED_TYPES = new Set(['key-auth', 'basic-auth', 'hmac-auth', 'jwt', 'oauth2', 'acl', 'mtls-auth']);
const CREDENTIAL_LABEL = 'konghq.com/credential';

export interface ConsumerDraft {
  readonly entity: Record<string, unknown>;
  readonly source: LabObject;
  /** What the plugins annotation relates to: the username, else the custom_id. */
  readonly identifier: string;
}

interface KeyAuthCredential {
  readonly key: string;
  readonly consumer: LabObject;
  readonly secret: LabObject;
}

/**
 * KongConsumers of the `kong` class become consumers. A credential Secret that is missing,
 * unlabelled or of a type KIC does not know fails on the KongConsumer and is left out, but the
 * consumer is still configured. Secrets need no `konghq.com/secret` label here: KIC's
 * --secret-label-selector defaults to empty (kong-behaviour.md §6, §10.5 concerns the operator).
 */
export interface ConsumerGroupDraft {
  readonly entity: Record<string, unknown>;
  readonly source: LabObject;
  readonly identifier: string;
}

/** KongConsumerGroups of the `kong` class become consumer groups, named by spec.name or metadata.name. */
export function translateConsumerGroups(view: ClusterView): ConsumerGroupDraft[] {
  const drafts: ConsumerGroupDraft[] = [];
  for (const group of view.list('kongConsumerGroup')) {
    if (!view.matchesClassAnnotation(group)) continue;
    const spec = (group.spec ?? {}) as { name?: unknown };
    const name = typeof spec.name === 'string' && spec.name ? spec.name : group.metadata.name;
    drafts.push({ entity: { name, tags: tagsFor(group) }, source: group, identifier: name });
    view.markConfigured(group);
  }
  return drafts;
}

export interface ConsumersTranslation {
  readonly consumers: ConsumerDraft[];
  /** consumer_group_consumers rows, both ends by name. */
  readonly memberships: Record<string, unknown>[];
}

export function translateConsumers(
  view: ClusterView,
  groups: readonly ConsumerGroupDraft[] = [],
): ConsumersTranslation {
  const drafts = new Map<string, ConsumerDraft>();
  const memberships: Record<string, unknown>[] = [];
  const byKey = new Map<string, KeyAuthCredential[]>();
  for (const consumer of view.list('kongConsumer')) {
    if (!view.matchesClassAnnotation(consumer)) continue;
    const namespace = consumer.metadata.namespace!;
    const username = typeof consumer.username === 'string' && consumer.username ? consumer.username : undefined;
    const customId = typeof consumer.custom_id === 'string' && consumer.custom_id ? consumer.custom_id : undefined;
    if (!username && !customId) {
      view.fail('no username or custom_id specified', consumer);
      continue;
    }
    const credentials: Record<string, unknown>[] = [];
    const acls: Record<string, unknown>[] = [];
    const basicAuth: Record<string, unknown>[] = [];
    const signed: SignedCredentials = { jwt_secrets: [], hmacauth_credentials: [], oauth2_credentials: [] };
    for (const group of Array.isArray(consumer.consumerGroups) ? (consumer.consumerGroups as string[]) : []) {
      const found = groups.find((g) => g.source.metadata.namespace === namespace && g.source.metadata.name === group);
      if (!found) {
        view.fail(`nonexistent consumer group: "KongConsumerGroup ${namespace}/${group} not found"`, consumer);
        continue;
      }
      memberships.push({ consumer_group: found.identifier, consumer: username ?? customId });
    }
    for (const name of stringsOrNull(consumer.credentials) ?? []) {
      const fail = (message: string) => view.fail(`credential "${name}" failure: ${message}`, consumer);
      const secret = view.get('secret', namespace, name);
      if (!secret) {
        fail(`Failed to fetch secret: Secret ${namespace}/${name} not found`);
        continue;
      }
      const type = secret.metadata.labels?.[CREDENTIAL_LABEL];
      if (type === undefined)
        fail(
          `could not load credential from Secret: Secret ${namespace}/${name} used as credential, but lacks ` +
            `${CREDENTIAL_LABEL} label`,
        );
      if (!SUPPORTED_TYPES.has(type ?? '')) {
        fail(`failed to provision credential: unsupported credential type: "${type ?? ''}"`);
        continue;
      }
      if (type === 'basic-auth') {
        const username = secretValue(secret, 'username');
        const password = secretValue(secret, 'password');
        if (username === undefined || password === undefined) {
          fail(
            `failed to provision credential: basic-auth is invalid: no ` +
              `${username === undefined ? 'username' : 'password'}`,
          );
          continue;
        }
        basicAuth.push({ username, password, tags: tagsFor(secret) });
        view.markConfigured(secret);
        continue;
      }
      if (type === 'acl') {
        const group = secretValue(secret, 'group');
        if (group === undefined) {
          fail('failed to provision credential: acl is invalid: no group');
          continue;
        }
        acls.push({ group, tags: tagsFor(secret) });
        view.markConfigured(secret);
        continue;
      }
      if (type === 'jwt' || type === 'hmac-auth' || type === 'oauth2') {
        const made = signedCredential(type, (field) => secretValue(secret, field));
        if (typeof made === 'string') {
          fail(made);
          continue;
        }
        signed[made.section].push({ ...made.entity, tags: tagsFor(secret) });
        view.markConfigured(secret);
        continue;
      }
      if (type !== 'key-auth') {
        fail(
          `failed to provision credential: the kong-workshop sandbox has no ${type} credentials (mtls-auth needs ` +
            `client certificates, which it does not have)`,
        );
        continue;
      }
      const key = secretValue(secret, 'key');
      if (key === undefined) {
        fail('failed to provision credential: key-auth is invalid: no key');
        continue;
      }
      const credential: Record<string, unknown> = { key, tags: tagsFor(secret) };
      const ttl = secretValue(secret, 'ttl');
      if (ttl !== undefined) {
        if (/^-?\d+$/.test(ttl)) credential.ttl = Number(ttl);
        else fail(`Failed to parse ttl to int: strconv.Atoi: parsing "${ttl}": invalid syntax, skipfilling the field`);
      }
      credentials.push(credential);
      byKey.set(key, [...(byKey.get(key) ?? []), { key, consumer, secret }]);
      view.markConfigured(secret);
    }
    drafts.set(`${namespace}/${consumer.metadata.name}`, {
      entity: {
        ...(username ? { username } : {}),
        ...(customId ? { custom_id: customId } : {}),
        tags: tagsFor(consumer),
        keyauth_credentials: credentials,
        ...(acls.length ? { acls } : {}),
        ...(basicAuth.length ? { basicauth_credentials: basicAuth } : {}),
        ...Object.fromEntries(Object.entries(signed).filter(([, list]) => list.length > 0)),
      },
      source: consumer,
      identifier: username ?? customId!,
    });
  }
  // A key two credentials share is a conflict: both Secrets and both consumers fail, and the
  // consumers are left out (kongstate.go, credentials_conflicts.go).
  for (const holders of byKey.values()) {
    if (holders.length < 2) continue;
    for (const { consumer, secret } of holders) {
      view.fail(`Secret has conflicting credential: conflict detected in "key-auth on 'key'" index`, secret);
      const key = `${consumer.metadata.namespace}/${consumer.metadata.name}`;
      if (drafts.delete(key))
        view.fail(`Consumer has conflicting credentials: conflict detected in "key-auth on 'key'" index`, consumer);
    }
  }
  for (const draft of drafts.values()) view.markConfigured(draft.source);
  const kept = new Set([...drafts.values()].map((d) => d.identifier));
  return { consumers: [...drafts.values()], memberships: memberships.filter((m) => kept.has(String(m.consumer))) };
}

interface SignedCredentials {
  jwt_secrets: Record<string, unknown>[];
  hmacauth_credentials: Record<string, unknown>[];
  oauth2_credentials: Record<string, unknown>[];
}

/**
 * A jwt, hmac-auth or oauth2 credential from its Secret's fields, as KIC's kongstate builds them
 * (credentials.go NewJWTAuth, NewHMACAuth, NewOauth2Credential; kongstate.go splits redirect_uris
 * on commas and parses hash_secret). A string is the failure message.
 */
function signedCredential(
  type: 'jwt' | 'hmac-auth' | 'oauth2',
  field: (name: string) => string | undefined,
): { section: keyof SignedCredentials; entity: Record<string, unknown> } | string {
  const pick = (...names: string[]) =>
    Object.fromEntries(names.flatMap((name) => (field(name) === undefined ? [] : [[name, field(name)]])));
  if (type === 'jwt') {
    if (field('key') === undefined) return 'failed to provision credential: jwt-auth for is invalid: no key';
    // KIC fills the default itself, so deck sees no diff on every sync.
    return {
      section: 'jwt_secrets',
      entity: { algorithm: 'HS256', ...pick('key', 'secret', 'rsa_public_key', 'algorithm') },
    };
  }
  if (type === 'hmac-auth') {
    if (field('username') === undefined) return 'failed to provision credential: hmac-auth is invalid: no username';
    return { section: 'hmacauth_credentials', entity: pick('username', 'secret') };
  }
  if (field('client_id') === undefined) return 'failed to provision credential: oauth2 is invalid: no client_id';
  if (field('name') === undefined) return 'failed to provision credential: oauth2 is invalid: no name';
  const entity: Record<string, unknown> = pick('name', 'client_id', 'client_secret', 'client_type');
  const uris = field('redirect_uris');
  if (uris !== undefined) entity.redirect_uris = uris.split(',');
  const hash = field('hash_secret');
  if (hash !== undefined) entity.hash_secret = /^(1|t|T|true|TRUE|True)$/.test(hash);
  return { section: 'oauth2_credentials', entity };
}
