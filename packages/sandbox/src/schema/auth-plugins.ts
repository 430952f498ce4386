import { MESSAGES, type EntityCheck, type RecordSpec } from './engine.js';
import { randomString } from '../ids.js';
import { isRecord } from '@kong-workshop/common';

// The configurations of the jwt, hmac-auth and oauth2 plugins, from Kong/kong at tag 3.9.1
// (kong/plugins/{jwt,hmac-auth,oauth2}/schema.lua). Kong's `set` fields are arrays here.

const strings = { type: 'array', elements: { type: 'string' } } as const;

export const jwtConfig: RecordSpec = {
  type: 'record',
  required: true,
  fields: {
    uri_param_names: { ...strings, default: ['jwt'] },
    cookie_names: { ...strings, default: [] },
    key_claim_name: { type: 'string', default: 'iss' },
    secret_is_base64: { type: 'boolean', required: true, default: false },
    claims_to_verify: { type: 'array', elements: { type: 'string', oneOf: ['exp', 'nbf'] } },
    anonymous: { type: 'string' },
    run_on_preflight: { type: 'boolean', required: true, default: true },
    maximum_expiration: { type: 'number', default: 0, between: [0, 31536000] },
    header_names: { ...strings, default: ['authorization'] },
    realm: { type: 'string' },
  },
};

/** schema.lua entity_checks: maximum_expiration > 0 needs `exp` among claims_to_verify. */
export const jwtChecks: EntityCheck = (plugin): ReturnType<EntityCheck> => {
  if (plugin.consumer != null) return { fields: { consumer: MESSAGES.mustBeNull } };
  const config = isRecord(plugin.config) ? plugin.config : {};
  const claims = Array.isArray(config.claims_to_verify) ? config.claims_to_verify : [];
  if (typeof config.maximum_expiration === 'number' && config.maximum_expiration > 0 && !claims.includes('exp'))
    return {
      entity: ["failed conditional validation given value of field 'config.maximum_expiration'"],
      fields: { config: { claims_to_verify: 'expected to contain: exp' } },
    };
  return undefined;
};

const HMAC_ALGORITHMS = ['hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'];

export const hmacAuthConfig: RecordSpec = {
  type: 'record',
  required: true,
  fields: {
    hide_credentials: { type: 'boolean', required: true, default: false },
    clock_skew: { type: 'number', default: 300, gt: 0 },
    anonymous: { type: 'string' },
    validate_request_body: { type: 'boolean', required: true, default: false },
    enforce_headers: { ...strings, default: [] },
    algorithms: { type: 'array', elements: { type: 'string', oneOf: HMAC_ALGORITHMS }, default: HMAC_ALGORITHMS },
    realm: { type: 'string' },
  },
};

const bool = (value: boolean) => ({ type: 'boolean', required: true, default: value }) as const;

export const oauth2Config: RecordSpec = {
  type: 'record',
  required: true,
  // schema.lua validate_flows
  customValidator: (config) =>
    config.enable_authorization_code ||
    config.enable_implicit_grant ||
    config.enable_client_credentials ||
    config.enable_password_grant
      ? undefined
      : 'at least one of these fields must be true: enable_authorization_code, enable_implicit_grant, ' +
        'enable_client_credentials, enable_password_grant',
  fields: {
    scopes: strings,
    mandatory_scope: bool(false),
    provision_key: { type: 'string', required: true, auto: randomString },
    token_expiration: { type: 'number', required: true, default: 7200 },
    enable_authorization_code: bool(false),
    enable_implicit_grant: bool(false),
    enable_client_credentials: bool(false),
    enable_password_grant: bool(false),
    hide_credentials: bool(false),
    accept_http_if_already_terminated: bool(false),
    anonymous: { type: 'string' },
    global_credentials: bool(false),
    auth_header_name: { type: 'string', default: 'authorization' },
    refresh_token_ttl: { type: 'number', required: true, default: 1209600, between: [0, 100000000] },
    reuse_refresh_token: bool(false),
    pkce: { type: 'string', default: 'lax', oneOf: ['none', 'lax', 'strict'] },
    realm: { type: 'string' },
  },
};

/** mandatory_scope needs scopes (the record's conditional entity check), and no consumer scope. */
export const oauth2Checks: EntityCheck = (plugin): ReturnType<EntityCheck> => {
  if (plugin.consumer != null) return { fields: { consumer: MESSAGES.mustBeNull } };
  const config = isRecord(plugin.config) ? plugin.config : {};
  if (config.mandatory_scope === true && config.scopes == null)
    return {
      fields: {
        config: {
          '@entity': ["failed conditional validation given value of field 'mandatory_scope'"],
          scopes: MESSAGES.required,
        },
      },
    };
  return undefined;
};
