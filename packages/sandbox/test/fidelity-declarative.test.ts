import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DeckFileError, renderDeckTemplate } from '../src/index.js';
import { describeFidelity, type FidelityCase } from './harness.js';

// Fact sheet §4.4 (POST /config, DB-less) and §5 (declarative format, deck), one row per fact.

/** The deck file of seeds/004 (the last, complete one), byte for byte. */
const SEED_004 = readFileSync(join(import.meta.dirname, 'fixtures', 'seed-004-key-auth.yaml'), 'utf8');

const minimal = {
  _format_version: '3.0',
  services: [{ name: 'echo', url: 'http://echo', routes: [{ name: 'r', paths: ['/echo'] }] }],
};

const cases: FidelityCase[] = [
  {
    ref: '§4.4',
    fact: 'a JSON body that is the config → 201 with the loaded entities',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/config', minimal);
      expect(status).toBe(201);
      expect(Object.values(json.services)).toHaveLength(1);
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: '§4.4',
    fact: 'a JSON body with a `config` string (YAML inside) → 201',
    async run(sb) {
      const { status } = await sb.admin('POST', '/config', {
        config: '_format_version: "3.0"\nconsumers:\n- username: alice\n',
      });
      expect(status).toBe(201);
      expect((await sb.admin('GET', '/consumers/alice')).status).toBe(200);
    },
  },
  {
    ref: '§4.4',
    fact: 'a form body with a `config` field → 201',
    async run(sb) {
      const body = new URLSearchParams({ config: JSON.stringify(minimal) }).toString();
      const { status } = await sb.adminRaw('/config', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(status).toBe(201);
    },
  },
  {
    ref: '§4.4',
    fact: 'a raw YAML body (application/yaml) → 201',
    async run(sb) {
      const { status } = await sb.adminRaw('/config', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: '_format_version: "3.0"\nconsumers:\n- username: yaml-user\n',
      });
      expect(status).toBe(201);
      expect((await sb.admin('GET', '/consumers/yaml-user')).status).toBe(200);
    },
  },
  {
    ref: '§4.4',
    fact: 'no input → 400 {"message":"expected a declarative configuration"}',
    async run(sb) {
      const { status, json } = await sb.adminRaw('/config', { method: 'POST' });
      expect([status, json]).toEqual([400, { message: 'expected a declarative configuration' }]);
    },
  },
  {
    ref: '§4.4',
    fact: 'unparseable input → 400 code 14 "failed parsing declarative configuration: expected an object"',
    async run(sb) {
      const { status, json } = await sb.adminRaw('/config', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: '- just\n- a list\n',
      });
      expect(status).toBe(400);
      expect(json).toEqual({
        code: 14,
        name: 'invalid declarative configuration',
        message:
          'declarative config is invalid: {error="failed parsing declarative configuration: expected an object"}',
        fields: { error: 'failed parsing declarative configuration: expected an object' },
      });
    },
  },
  {
    ref: '§4.4',
    fact: 'validation errors → 400 code 14 with fields mirroring the input',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/config', {
        _format_version: '3.0',
        services: [{ name: 's', port: 70000 }],
      });
      expect(status).toBe(400);
      expect(json.code).toBe(14);
      expect(json.fields).toEqual({
        services: [{ host: 'required field missing', port: 'value should be between 0 and 65535' }],
      });
      expect(json.message).toBe(
        'declarative config is invalid: {services={{host="required field missing",port="value should be between 0 ' +
          'and 65535"}}}',
      );
    },
  },
  {
    ref: '§4.4',
    fact: "duplicates in the file: \"uniqueness violation: 'services' entity with name set to 'foo' already declared\"",
    async run(sb) {
      const { json } = await sb.admin('POST', '/config', {
        _format_version: '3.0',
        services: [
          { name: 'foo', host: 'a' },
          { name: 'foo', host: 'b' },
        ],
      });
      expect(json.fields.services[1]).toBe(
        "uniqueness violation: 'services' entity with name set to 'foo' already declared",
      );
    },
  },
  {
    ref: '§4.4',
    fact: 'a duplicate consumer custom_id is keyed by the endpoint key (username)',
    async run(sb) {
      const { json } = await sb.admin('POST', '/config', {
        _format_version: '3.0',
        consumers: [
          { username: 'foo', custom_id: 'conflict' },
          { username: 'bar', custom_id: 'conflict' },
        ],
      });
      expect(json.fields).toEqual({
        consumers: {
          bar: "uniqueness violation: 'consumers' entity with custom_id set to 'conflict' already declared",
        },
      });
    },
  },
  {
    ref: '§4.4',
    fact:
      '?flatten_errors=1 adds flattened_errors (entity_type, entity_name, errors with type/field/message), ' +
      'nested entities hoisted',
    async run(sb) {
      const config = {
        _format_version: '3.0',
        services: [
          {
            name: 'svc',
            url: 'http://echo',
            routes: [{ name: 'bad-route', protocols: ['nope'], paths: ['/x'] }],
            plugins: [{ name: 'rate-limiting', config: {} }],
          },
        ],
      };
      const { status, json } = await sb.admin('POST', '/config?flatten_errors=1', config);
      expect(status).toBe(400);
      expect(json.code).toBe(14);
      expect(json.flattened_errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            entity_type: 'route',
            entity_name: 'bad-route',
            errors: [{ type: 'field', field: 'protocols.1', message: 'expected one of: http, https' }],
          }),
          expect.objectContaining({
            entity_type: 'plugin',
            errors: [
              expect.objectContaining({
                type: 'entity',
                message: expect.stringMatching(/^at least one of these fields must be non-empty/),
              }),
            ],
          }),
        ]),
      );
      expect(json.fields).toEqual({});
    },
  },
  {
    ref: '§4.4',
    fact: '?check_hash=1 with the configuration already loaded → 304',
    async run(sb) {
      expect((await sb.admin('POST', '/config?check_hash=1', minimal)).status).toBe(201);
      expect((await sb.admin('POST', '/config?check_hash=1', minimal)).status).toBe(304);
      await sb.admin('POST', '/consumers', { username: 'changed-since' });
      expect((await sb.admin('POST', '/config?check_hash=1', minimal)).status).toBe(201);
    },
  },
  {
    ref: '§4.4',
    fact: 'GET /config → 200 {"config":"<yaml>"} that loads back',
    async run(sb) {
      await sb.admin('POST', '/config', minimal);
      const { json } = await sb.admin('GET', '/config');
      const exported = parseYaml(json.config as string) as Record<string, unknown>;
      expect(exported._format_version).toBe('3.0');
      expect((await sb.admin('POST', '/config', exported)).status).toBe(201);
      expect((await sb.proxy('/echo')).status).toBe(200);
    },
  },
  {
    ref: '§5',
    fact: '_format_version is required and must be 1.1, 2.1 or 3.0',
    async run(sb) {
      expect((await sb.admin('POST', '/config', { consumers: [{ username: 'x' }] })).json.fields).toEqual({
        _format_version: 'required field missing',
      });
      expect((await sb.admin('POST', '/config', { _format_version: '4.0' })).json.fields).toEqual({
        _format_version: 'expected one of: 1.1, 2.1, 3.0',
      });
    },
  },
  {
    ref: '§5',
    fact: 'Kong itself rejects the deck-only keys _info and _konnect as unknown fields',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/config', {
        _format_version: '3.0',
        _info: { select_tags: ['a'] },
        _konnect: { control_plane_name: 'cp' },
      });
      expect(status).toBe(400);
      expect(json.fields).toEqual({ _info: 'unknown field', _konnect: 'unknown field' });
    },
  },
  {
    ref: '§5',
    fact: 'nested entities: services[].routes[].plugins[], consumers[].keyauth_credentials[] and consumers[].plugins[]',
    async run(sb) {
      await sb.configure({
        services: [
          { name: 's', url: 'http://echo', routes: [{ name: 'r', paths: ['/n'], plugins: [{ name: 'key-auth' }] }] },
        ],
        consumers: [
          {
            username: 'my-user',
            keyauth_credentials: [{ key: 'my-key' }],
            plugins: [{ name: 'rate-limiting', config: { minute: 9 } }],
          },
        ],
      });
      const answer = await sb.proxy('/n', { headers: { apikey: 'my-key' } });
      expect([answer.status, answer.headers.get('x-ratelimit-limit-minute')]).toEqual([200, '9']);
    },
  },
  {
    ref: '§5',
    fact: 'declarative ids are deterministic: loading the same file twice keeps service, route and consumer ids',
    async run(sb) {
      const first = (await sb.admin('POST', '/config', minimal)).json;
      const second = (await sb.admin('POST', '/config', minimal)).json;
      expect(Object.keys(second.services)).toEqual(Object.keys(first.services));
      expect(Object.keys(second.routes)).toEqual(Object.keys(first.routes));
    },
  },
  {
    ref: '§5 deck',
    fact: 'the seeds/004 deck file syncs unchanged (_konnect and _info handled as deck does)',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/_sandbox/sync', { content: parseYaml(SEED_004) });
      expect(status).toBe(200);
      expect(json).toMatchObject({ created: 9, updated: 0, deleted: 0, controlPlane: 'kong-workshop' });
      expect((await sb.admin('GET', '/plugins/rate-limiting2')).json.config.minute).toBe(8);
      const again = await sb.admin('POST', '/_sandbox/sync', { content: parseYaml(SEED_004) });
      expect(again.json).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    },
  },
  {
    ref: '§5 deck',
    fact: '_info.select_tags tags every entity and limits the sync to tagged entities',
    async run(sb) {
      await sb.admin('POST', '/consumers', { username: 'untagged' });
      await sb.admin('POST', '/_sandbox/sync', { content: parseYaml(SEED_004) });
      expect((await sb.admin('GET', '/consumers/consumer1')).json.tags).toEqual(['httpbin-service-route']);
      expect((await sb.admin('GET', '/consumers/untagged')).status).toBe(200);
      const smaller = parseYaml(SEED_004) as { consumers: unknown[] };
      smaller.consumers = smaller.consumers.slice(0, 1);
      const { json } = await sb.admin('POST', '/_sandbox/sync', { content: smaller });
      expect(json).toMatchObject({ created: 0, deleted: 3 });
      expect(json.changes).toEqual(
        expect.arrayContaining(['deleting consumer consumer2', 'deleting key-auth for consumer consumer2']),
      );
      expect((await sb.admin('GET', '/consumers/untagged')).status).toBe(200);
    },
  },
  {
    ref: '§5 deck',
    fact: 'deck refuses any _format_version but 3.0 (a missing one counts as 1.1)',
    async run(sb) {
      const { status, json } = await sb.admin('POST', '/_sandbox/sync', { content: { services: [] } });
      expect([status, json.message]).toEqual([
        400,
        "cannot apply '1.1' config format version to Kong version 3.0 or above",
      ]);
    },
  },
  {
    ref: '§5 deck',
    fact: 'deck refuses control_plane_name together with runtime_group_name',
    async run(sb) {
      const { json } = await sb.admin('POST', '/_sandbox/sync', {
        content: { _format_version: '3.0', _konnect: { control_plane_name: 'a', runtime_group_name: 'b' } },
      });
      expect(json.message).toBe(
        'cannot set both runtime_group_name and control_plane_name. Please use only control_plane_name',
      );
    },
  },
  {
    ref: '§5 deck',
    fact: 'a credential keeps its id across syncs (deck matches it by key)',
    async run(sb) {
      await sb.admin('POST', '/_sandbox/sync', { content: parseYaml(SEED_004) });
      const before = (await sb.admin('GET', '/key-auths/123456')).json.id;
      await sb.admin('POST', '/_sandbox/sync', { content: parseYaml(SEED_004) });
      expect((await sb.admin('GET', '/key-auths/123456')).json.id).toBe(before);
    },
  },
];

describeFidelity('declarative config fidelity (fact sheet §4.4, §5)', cases);

// biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
describe('deck ${{ env }} substitution (§5)', () => {
  it('replaces DECK_ variables and leaves comment lines alone', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    expect(renderDeckTemplate('key: ${{ env "DECK_KEY" }}\n# ${{ env "NOT_READ" }}', { DECK_KEY: 'abc' })).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
      'key: abc\n# ${{ env "NOT_READ" }}',
    );
  });

  it("refuses variables without the DECK_ prefix, with deck's message", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    const attempt = () => renderDeckTemplate('key: ${{ env "HOME" }}', { HOME: '/root' });
    expect(attempt).toThrow(DeckFileError);
    expect(attempt).toThrow("environment variables in the state file must be prefixed with 'DECK_', found: 'HOME'");
  });

  it('refuses an unset variable', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell or deck syntax, not a template
    expect(() => renderDeckTemplate('key: ${{ env "DECK_MISSING" }}', {})).toThrow(
      "environment variable 'DECK_MISSING' present in state file but not set",
    );
  });
});
