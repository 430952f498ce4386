import type { EntityCheck } from './engine.js';
import type { EntitySchema } from './entities.js';
import { tags, timestamp, uuidField } from './typedefs.js';

// The credential entities of the jwt, hmac-auth and oauth2 plugins, from Kong/kong at tag 3.9.1
// (kong/plugins/{jwt,hmac-auth,oauth2}/daos.lua).

const common = { id: uuidField, created_at: timestamp } as const;
const consumer = { type: 'foreign', reference: 'consumers', required: true } as const;

/** Algorithms whose key is a public key (daos.lua's conditional on `algorithm`). */
const ASYMMETRIC = /^(RS256|RS384|RS512|PS256|PS384|PS512|EdDSA)$/;
/** The algorithms jwt_parser.lua can verify (and the credential schema accepts). */
export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

/** openssl_pkey.new(key) accepts any PEM key; node's createPublicKey is the same test. */
function isKey(pem: string): boolean {
  try {
    process.getBuiltinModule('node:crypto').createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

const rsaKeyRequired: EntityCheck = (secret) => {
  if (typeof secret.algorithm !== 'string' || !ASYMMETRIC.test(secret.algorithm)) return undefined;
  const key = secret.rsa_public_key;
  const error = typeof key !== 'string' ? 'required field missing' : isKey(key) ? undefined : 'invalid key';
  return error
    ? { entity: ["failed conditional validation given value of field 'algorithm'"], fields: { rsa_public_key: error } }
    : undefined;
};

// kong/plugins/jwt/daos.lua: key (the `iss` a token names) and secret are generated when absent.
export const jwtSecrets: EntitySchema = {
  name: 'jwt_secrets',
  endpointKey: 'key',
  uniqueFields: ['key'],
  fields: {
    ...common,
    consumer,
    key: { type: 'string' },
    secret: { type: 'string' },
    rsa_public_key: { type: 'string' },
    algorithm: { type: 'string', default: 'HS256', oneOf: JWT_ALGORITHMS },
    tags,
  },
  checks: [rsaKeyRequired],
};

// kong/plugins/hmac-auth/daos.lua: username is the endpoint key; secret is generated when absent.
export const hmacauthCredentials: EntitySchema = {
  name: 'hmacauth_credentials',
  endpointKey: 'username',
  uniqueFields: ['username'],
  fields: {
    ...common,
    consumer,
    username: { type: 'string', required: true },
    secret: { type: 'string' },
    tags,
  },
  checks: [],
};

/** socket.url's parse as oauth2's validate_uri uses it: a scheme and a host, no fragment. */
function validateRedirectUri(uri: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]+)/.exec(uri);
  if (!match) return `cannot parse '${uri}'`;
  if (uri.includes('#')) return `fragment not allowed in '${uri}'`;
  return undefined;
}

// kong/plugins/oauth2/daos.lua: client_id (endpoint key) and client_secret are generated when absent.
export const oauth2Credentials: EntitySchema = {
  name: 'oauth2_credentials',
  endpointKey: 'client_id',
  uniqueFields: ['client_id'],
  fields: {
    ...common,
    consumer,
    name: { type: 'string', required: true },
    client_id: { type: 'string' },
    client_secret: { type: 'string' },
    hash_secret: { type: 'boolean', required: true, default: false },
    redirect_uris: { type: 'array', elements: { type: 'string', validate: validateRedirectUri } },
    tags,
    client_type: { type: 'string', required: true, default: 'confidential', oneOf: ['confidential', 'public'] },
  },
  checks: [],
};

// kong/plugins/oauth2/daos.lua oauth2_tokens: issued by the proxy's /oauth2/token endpoint.
export const oauth2Tokens: EntitySchema = {
  name: 'oauth2_tokens',
  endpointKey: 'access_token',
  uniqueFields: ['access_token', 'refresh_token'],
  fields: {
    ...common,
    service: { type: 'foreign', reference: 'services' },
    credential: { type: 'foreign', reference: 'oauth2_credentials', required: true },
    token_type: { type: 'string', required: true, default: 'bearer', oneOf: ['bearer'] },
    expires_in: { type: 'integer', required: true },
    access_token: { type: 'string' },
    refresh_token: { type: 'string' },
    authenticated_userid: { type: 'string' },
    scope: { type: 'string' },
    ttl: { type: 'integer' },
  },
  checks: [],
};

/** Fields Kong fills with random_string() when a credential arrives without them. */
export const AUTO_STRINGS: Readonly<Record<string, readonly string[]>> = {
  jwt_secrets: ['key', 'secret'],
  hmacauth_credentials: ['secret'],
  oauth2_credentials: ['client_id', 'client_secret'],
  oauth2_tokens: ['access_token'],
};
