import { normalizePath } from '../uri.js';
import type { ArraySpec, StringSpec } from './engine.js';
import { errorMessage } from '@kong-workshop/common';

// Field types shared by several entities, with Kong's validation messages (kong/db/schema/typedefs.lua).

/** The protocols the sandbox can proxy. Kong knows more (grpc, tcp, …); the sandbox speaks HTTP only. */
export const HTTP_PROTOCOLS = ['http', 'https'] as const;

export const headerName: StringSpec = {
  type: 'string',
  validate: (name: string) =>
    name === ''
      ? 'no header name'
      : /^[A-Za-z0-9_-]+$/.test(name)
        ? undefined
        : `bad header name '${name}', allowed characters are A-Z, a-z, 0-9, '_', and '-'`,
};

export const utf8Name: StringSpec = {
  type: 'string',
  validate: (name: string) =>
    /^[\p{L}\p{N}._~-]+$/u.test(name)
      ? undefined
      : `invalid value '${name}': the only accepted ascii characters are alphanumerics or ., -, _, and ~`,
};

const HOST_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A host name or IP address without a port. */
export const host: StringSpec = {
  type: 'string',
  validate: (value: string) => {
    if (/:\d+$/.test(value) && !value.includes('::')) return 'must not have a port';
    if (value.startsWith('[') || value.includes(':'))
      return /^\[?[0-9a-fA-F:.]+\]?$/.test(value) ? undefined : `invalid value: ${value}`;
    const ip = IPV4.exec(value);
    if (ip) return ip.slice(1).every((part) => Number(part) <= 255) ? undefined : `invalid value: ${value}`;
    return value.split('.').every((label) => HOST_LABEL.test(label)) ? undefined : `invalid value: ${value}`;
  },
};

/** A route host: a host name that may start or end with a `*` wildcard. */
export const wildcardHost: StringSpec = {
  type: 'string',
  validate: (value: string) => {
    const stars = value.split('*').length - 1;
    if (stars > 1 || (stars === 1 && !value.startsWith('*.') && !value.endsWith('.*'))) {
      return 'invalid wildcard: must be placed at leftmost or rightmost label';
    }
    const plain = value.replace(/^\*\./, 'wildcard.').replace(/\.\*$/, '.wildcard');
    return host.validate?.(plain as never);
  },
};

/** A URL path: starts with `/`, RFC 3986 characters only, well-formed percent-encoding. */
export const path: StringSpec = {
  type: 'string',
  validate: (value: string) => {
    if (!value.startsWith('/')) return 'should start with: /';
    if (value.includes('//')) return 'must not have empty segments';
    if (!/^\/[A-Za-z0-9._~/%:@!$&'()*+,;=-]*$/.test(value)) {
      return `invalid path: '${value}' (characters outside of the reserved list of RFC 3986 found)`;
    }
    const stray = /%(?![0-9a-fA-F]{2}).{0,2}/.exec(value);
    return stray ? `invalid url-encoded value: '${stray[0]}'` : undefined;
  },
};

/** A route path: a plain prefix (`/echo`) or a regex (`~/users/\d+`). */
export const routerPath: StringSpec = {
  type: 'string',
  validate: (value: string) => {
    if (value.startsWith('~')) {
      try {
        new RegExp(value.slice(1));
        return undefined;
      } catch (error) {
        return `invalid regex: '${value.slice(1)}' (${errorMessage(error)})`;
      }
    }
    if (!value.startsWith('/')) return 'should start with: / (fixed path) or ~/ (regex path)';
    const invalid = path.validate?.(value as never);
    if (invalid) return invalid;
    // A prefix path must already be in the form the router matches (typedefs.lua validate_path_with_regexes).
    const normalized = normalizePath(value, true);
    return normalized === value ? undefined : `non-normalized path, consider use '${normalized}' instead`;
  },
};

export const tags: ArraySpec = {
  type: 'array',
  elements: {
    type: 'string',
    validate: (tag: string) =>
      /^[\x20-\x2b\x2d\x2e\x30-\x7e\u0080-\uffff]+$/.test(tag) && !tag.includes(',') && !tag.includes('/')
        ? undefined
        : `invalid tag '${tag}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences`,
  },
};

export const httpProtocols: ArraySpec = {
  type: 'array',
  required: true,
  default: ['grpc', 'grpcs', 'http', 'https'],
  elements: { type: 'string', oneOf: ['grpc', 'grpcs', 'http', 'https'] },
};

export const methods: ArraySpec = {
  type: 'array',
  elements: {
    type: 'string',
    validate: (method: string) => (/^[A-Z]+$/.test(method) ? undefined : `invalid value: ${method}`),
  },
};

export const uuidField: StringSpec = {
  type: 'string',
  validate: (value: string) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? undefined : 'expected a valid UUID',
};

export const timestamp = { type: 'integer', between: [0, 2 ** 53] } as const;
