import type { LabObject } from '../types.js';
import { ANNOTATION_PREFIX } from './context.js';

/** A Kong route being built, and the Kubernetes object it came from (Ingress, HTTPRoute). */
export interface RouteDraft {
  readonly entity: Record<string, unknown>;
  readonly parent: LabObject;
}

/** A Kong service being built: its entity fields, routes, and the Kubernetes Services behind it. */
export interface ServiceDraft {
  readonly entity: Record<string, unknown>;
  readonly routes: RouteDraft[];
  /** The backing Kubernetes Services that exist; their annotations override and attach plugins. */
  readonly backends: LabObject[];
  /** Backends that were named but do not exist (nothing answers for them). */
  readonly missingBackends: string[];
  readonly parent: LabObject;
}

const DEFAULT_TIMEOUT = 60_000;

/** A Kong service with KIC's defaults (subtranslator/ingress.go translateIntoKongStateService). */
export function serviceEntity(name: string, host: string, tags: string[]): Record<string, unknown> {
  return {
    name,
    host,
    port: 80,
    protocol: 'http',
    path: '/',
    connect_timeout: DEFAULT_TIMEOUT,
    read_timeout: DEFAULT_TIMEOUT,
    write_timeout: DEFAULT_TIMEOUT,
    retries: 5,
    tags,
  };
}

const annotation = (object: LabObject, key: string): string | undefined =>
  object.metadata.annotations?.[`${ANNOTATION_PREFIX}/${key}`];
const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const bool = (value: string | undefined): boolean | undefined =>
  value?.toLowerCase() === 'true' ? true : value?.toLowerCase() === 'false' ? false : undefined;

/**
 * Kong service fields from the Kubernetes Service's annotations (kongstate/service.go
 * overrideByAnnotation): path (must start with /), protocol, timeouts, retries.
 */
export function overrideService(entity: Record<string, unknown>, service: LabObject): void {
  const path = annotation(service, 'path');
  if (path?.startsWith('/')) entity.path = path;
  const protocol = annotation(service, 'protocol');
  if (protocol && ['http', 'https'].includes(protocol)) entity.protocol = protocol;
  for (const [key, field] of [
    ['connect-timeout', 'connect_timeout'],
    ['read-timeout', 'read_timeout'],
    ['write-timeout', 'write_timeout'],
    ['retries', 'retries'],
  ] as const) {
    const value = annotation(service, key);
    if (value !== undefined && /^-?\d+$/.test(value)) entity[field] = Number(value);
  }
}

/**
 * Kong route fields from the parent's annotations (kongstate/route.go overrideByAnnotation):
 * strip-path, https-redirect-status-code, preserve-host, buffering, protocols, regex-priority,
 * methods, host-aliases, headers.*, path-handling. Invalid values are ignored, as KIC does.
 */
export function overrideRoute(route: Record<string, unknown>, parent: LabObject): void {
  const strip = bool(annotation(parent, 'strip-path'));
  if (strip !== undefined) route.strip_path = strip;
  const code = Number(annotation(parent, 'https-redirect-status-code'));
  if ([426, 301, 302, 307, 308].includes(code)) route.https_redirect_status_code = code;
  const preserve = bool(annotation(parent, 'preserve-host'));
  if (preserve !== undefined) route.preserve_host = preserve;
  for (const [key, field] of [
    ['request-buffering', 'request_buffering'],
    ['response-buffering', 'response_buffering'],
  ] as const) {
    const value = bool(annotation(parent, key));
    if (value !== undefined) route[field] = value;
  }
  const protocols = annotation(parent, 'protocols');
  if (
    protocols &&
    list(protocols).every((p) =>
      ['http', 'https', 'grpc', 'grpcs', 'tcp', 'tls', 'udp', 'ws', 'wss', 'tls_passthrough'].includes(p),
    )
  )
    route.protocols = list(protocols).sort();
  const priority = annotation(parent, 'regex-priority');
  if (priority !== undefined && /^-?\d+$/.test(priority)) route.regex_priority = Number(priority);
  const methods = annotation(parent, 'methods');
  if (methods && list(methods).every((m) => /^[A-Z]+$/.test(m))) route.methods = list(methods);
  const aliases = annotation(parent, 'host-aliases');
  if (aliases) route.hosts = [...new Set([...((route.hosts as string[] | undefined) ?? []), ...list(aliases)])];
  const headers: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parent.metadata.annotations ?? {})) {
    if (key.startsWith(`${ANNOTATION_PREFIX}/headers.`))
      headers[key.slice(`${ANNOTATION_PREFIX}/headers.`.length)] = list(value);
  }
  if (Object.keys(headers).length) route.headers = headers;
  const pathHandling = annotation(parent, 'path-handling');
  if (pathHandling === 'v0' || pathHandling === 'v1') route.path_handling = pathHandling;
}
