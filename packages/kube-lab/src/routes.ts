import { kindByPlural, type KindInfo } from './kinds.js';

/** What a Kubernetes API path names. */
export type ApiPath =
  | { readonly type: 'version' | 'core-versions' | 'groups' | 'health' | 'openapi-v2' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'resources'; readonly group: string; readonly version: string }
  | { readonly type: 'collection'; readonly kind: KindInfo; readonly namespace: string | undefined }
  | {
      readonly type: 'item';
      readonly kind: KindInfo;
      readonly namespace: string | undefined;
      readonly name: string;
      readonly subresource: 'status' | 'scale' | undefined;
    }
  | { readonly type: 'unknown' };

const UNKNOWN: ApiPath = { type: 'unknown' };

/**
 * Reads `/api/v1/namespaces/kong/secrets/x`, `/apis/configuration.konghq.com/v1/kongconsumers`,
 * `/api/v1/namespaces/kong` (the Namespace itself) and the discovery paths.
 */
export function parseApiPath(pathname: string): ApiPath {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (pathname === '/version') return { type: 'version' };
  if (['/healthz', '/readyz', '/livez'].includes(pathname)) return { type: 'health' };
  if (pathname === '/openapi/v2') return { type: 'openapi-v2' };
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'core-versions' };
    return resourcePath('', parts[1] ?? '', parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'groups' };
    if (parts.length === 2) return { type: 'group', group: parts[1] ?? '' };
    return resourcePath(parts[1] ?? '', parts[2] ?? '', parts.slice(3));
  }
  return UNKNOWN;
}

function resourcePath(group: string, version: string, rest: readonly string[]): ApiPath {
  if (rest.length === 0) return { type: 'resources', group, version };
  // [namespaces, ns, plural, name?, sub?] — unless it is a Namespace itself: [namespaces, name, status?]
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    const kind = kindByPlural(group, version, rest[2] ?? '');
    if (!kind?.namespaced) return UNKNOWN;
    return itemOrCollection(kind, rest[1] ?? '', rest.slice(3));
  }
  const kind = kindByPlural(group, version, rest[0] ?? '');
  if (!kind) return UNKNOWN;
  return itemOrCollection(kind, undefined, rest.slice(1));
}

function itemOrCollection(kind: KindInfo, namespace: string | undefined, rest: readonly string[]): ApiPath {
  if (rest.length === 0) return { type: 'collection', kind, namespace };
  const sub = rest[1];
  if (rest.length > 2) return UNKNOWN;
  if (sub === undefined) return { type: 'item', kind, namespace, name: rest[0]!, subresource: undefined };
  if (sub === 'status' && kind.statusSubresource)
    return { type: 'item', kind, namespace, name: rest[0]!, subresource: 'status' };
  if (sub === 'scale' && kind.scaleSubresource)
    return { type: 'item', kind, namespace, name: rest[0]!, subresource: 'scale' };
  return UNKNOWN;
}
