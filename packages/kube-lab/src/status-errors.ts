import { qualifiedResource, type KindInfo } from './kinds.js';

/** A field problem, as the API server lists it in an Invalid Status's `details.causes`. */
export interface Cause {
  readonly reason:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueDuplicate';
  /** `spec.type`, or `<nil>` for a rule on the whole object (a nil field path, as the API server prints it). */
  readonly field: string;
  /** Without the field: `Invalid value: "object": Need to provide either username or custom_id`. */
  readonly message: string;
}

/** A `Status` failure, what every API error answers with. */
export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiStatusError';
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

const details = (kind: KindInfo, name: string) => ({
  name,
  ...(kind.group ? { group: kind.group } : {}),
  kind: kind.plural,
});

export const notFound = (kind: KindInfo, name: string) =>
  new ApiStatusError(404, 'NotFound', `${qualifiedResource(kind)} "${name}" not found`, details(kind, name));

export const namespaceNotFound = (namespace: string) =>
  new ApiStatusError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });

export const alreadyExists = (kind: KindInfo, name: string) =>
  new ApiStatusError(409, 'AlreadyExists', `${qualifiedResource(kind)} "${name}" already exists`, details(kind, name));

export const conflict = (kind: KindInfo, name: string) =>
  new ApiStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(kind)} "${name}": the object has been modified; please ` +
      `apply your changes to the latest version and try again`,
    details(kind, name),
  );

export const badRequest = (message: string) => new ApiStatusError(400, 'BadRequest', message);

export const gone = (message: string) => new ApiStatusError(410, 'Expired', message);

export const methodNotAllowed = (method: string) =>
  new ApiStatusError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );

export const unsupportedMediaType = (contentType: string, accepted: readonly string[]) =>
  new ApiStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
  );

/** 422 Invalid: `KongConsumer.configuration.konghq.com "alex" is invalid: <nil>: Invalid value: …`. */
export function invalid(kind: KindInfo, name: string, causes: readonly Cause[]): ApiStatusError {
  const what = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiStatusError(422, 'Invalid', `${what} "${name}" is invalid: ${summary}`, {
    ...details(kind, name),
    kind: kind.kind,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field })),
  });
}

export const unauthorized = () => new ApiStatusError(401, 'Unauthorized', 'Unauthorized');
