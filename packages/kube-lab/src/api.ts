import { randomBytes } from 'node:crypto';
import { admit, type FieldValidation } from './admission.js';
import { serverSideApply } from './apply.js';
import { LAB_KINDS, apiVersionOf, type KindInfo } from './kinds.js';
import type { ObjectStore } from './object-store.js';
import { PatchError, jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import {
  ApiStatusError,
  alreadyExists,
  badRequest,
  conflict,
  notFound,
  unsupportedMediaType,
} from './status-errors.js';
import { isRecord, type LabObject } from './types.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export interface WriteOptions {
  readonly fieldManager?: string;
  readonly fieldValidation?: FieldValidation;
  readonly force?: boolean;
  /** `?dryRun=All`: validate and answer, store nothing. */
  readonly dryRun?: boolean;
}

export interface WriteResult {
  readonly object: LabObject;
  readonly created: boolean;
  readonly warnings: readonly string[];
}

/**
 * The API server's verbs on the object store: create, replace, patch (JSON, merge, strategic,
 * server-side apply), delete, and the `/status` subresource, each going through admission.
 * The REST handler and the controllers both use it; errors are ApiStatusErrors.
 */
export class LabApi {
  constructor(readonly store: ObjectStore) {}

  get(kind: KindInfo, namespace: string | undefined, name: string): LabObject {
    const object = this.store.get(kind, namespace, name);
    if (!object) throw notFound(kind, name);
    return object;
  }

  create(kind: KindInfo, namespace: string | undefined, body: unknown, options: WriteOptions = {}): WriteResult {
    const input = this.bodyFor(kind, namespace, body);
    if (!input.metadata.name && input.metadata.generateName)
      input.metadata.name = `${input.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    if (this.store.get(kind, input.metadata.namespace, input.metadata.name))
      throw alreadyExists(kind, input.metadata.name);
    // The status of a new object is the server's to set (the status subresource's rule).
    if (kind.statusSubresource) delete input.status;
    const { object, warnings } = admit(kind, input, undefined, this.store, options.fieldValidation ?? 'Warn');
    object.metadata.managedFields ??= options.fieldManager ? [updateEntry(kind, options.fieldManager)] : undefined;
    if (!object.metadata.managedFields) delete object.metadata.managedFields;
    return { object: options.dryRun ? object : this.store.create(kind, object), created: true, warnings };
  }

  /** PUT: the whole object, optimistic on `metadata.resourceVersion` when given. */
  replace(
    kind: KindInfo,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    const existing = this.get(kind, namespace, name);
    const input = this.bodyFor(kind, namespace, body);
    if (input.metadata.name !== name)
      throw badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${name})`);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== existing.metadata.resourceVersion)
      throw conflict(kind, name);
    return this.write(kind, existing, input, options);
  }

  patch(
    kind: KindInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    const existing = this.store.get(kind, namespace, name);
    if (type === 'apply') {
      const applied = this.bodyFor(kind, namespace, body);
      if (applied.metadata.name !== name)
        throw badRequest(
          `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
        );
      if (!options.fieldManager)
        throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
      const next = serverSideApply(existing, applied, options.fieldManager);
      if (!existing) return this.create(kind, namespace, next, { ...options, fieldManager: undefined });
      return this.write(kind, existing, next, options);
    }
    if (!existing) throw notFound(kind, name);
    return this.write(kind, existing, this.patched(kind, existing, type, body), options);
  }

  delete(
    kind: KindInfo,
    namespace: string | undefined,
    name: string,
    options: { dryRun?: boolean; preconditions?: { uid?: string; resourceVersion?: string } } = {},
  ): LabObject {
    const existing = this.get(kind, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (
      (uid && uid !== existing.metadata.uid) ||
      (resourceVersion && resourceVersion !== existing.metadata.resourceVersion)
    )
      throw conflict(kind, name);
    if (options.dryRun) return existing;
    if (kind.kind === 'Namespace') this.deleteNamespaceContents(name);
    return this.store.remove(kind, namespace, name) ?? existing;
  }

  /** PUT or PATCH on `/status`: only `status` changes. */
  writeStatus(
    kind: KindInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType | 'replace',
    body: unknown,
    options: WriteOptions = {},
  ): LabObject {
    const existing = this.get(kind, namespace, name);
    let next: LabObject;
    if (type === 'replace') next = this.bodyFor(kind, namespace, body);
    else if (type === 'apply')
      next = serverSideApply(existing, { ...this.bodyFor(kind, namespace, body) }, options.fieldManager ?? 'unknown');
    else next = this.patched(kind, existing, type, body);
    const updated = { ...existing, metadata: existing.metadata, status: next.status };
    if (updated.status === undefined) delete updated.status;
    return options.dryRun ? updated : this.store.update(kind, updated);
  }

  private write(kind: KindInfo, existing: LabObject, input: LabObject, options: WriteOptions): WriteResult {
    input.metadata = {
      ...input.metadata,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      namespace: existing.metadata.namespace,
    };
    if (kind.statusSubresource) {
      input.status = existing.status;
      if (input.status === undefined) delete input.status;
    }
    if (!input.metadata.managedFields) input.metadata.managedFields = existing.metadata.managedFields;
    if (!input.metadata.managedFields) delete input.metadata.managedFields;
    const { object, warnings } = admit(kind, input, existing, this.store, options.fieldValidation ?? 'Warn');
    return { object: options.dryRun ? object : this.store.update(kind, object), created: false, warnings };
  }

  private patched(kind: KindInfo, existing: LabObject, type: Exclude<PatchType, 'apply'>, body: unknown): LabObject {
    let result: unknown;
    try {
      if (type === 'json') result = jsonPatch(existing, body);
      else if (type === 'merge') result = mergePatch(existing, body);
      else if (kind.crd)
        throw unsupportedMediaType('application/strategic-merge-patch+json', [
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/apply-patch+yaml',
        ]);
      else result = strategicMergePatch(existing, body);
    } catch (error) {
      if (error instanceof PatchError)
        throw new ApiStatusError(error.status, error.status === 400 ? 'BadRequest' : 'Invalid', error.message);
      throw error;
    }
    if (!isRecord(result) || !isRecord(result.metadata))
      throw badRequest('the patch removed the object or its metadata');
    const object = result as LabObject;
    if (object.metadata.name !== existing.metadata.name) throw badRequest('metadata.name cannot be changed by a patch');
    return object;
  }

  /** The request body as an object of this kind, in this namespace. */
  private bodyFor(kind: KindInfo, namespace: string | undefined, body: unknown): LabObject {
    if (!isRecord(body)) throw badRequest('the request body must be a JSON or YAML object');
    const object = structuredClone(body) as LabObject;
    if (object.kind !== undefined && object.kind !== kind.kind)
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version ` +
          `(${apiVersionOf(kind)})`,
      );
    if (object.apiVersion !== undefined && object.apiVersion !== apiVersionOf(kind))
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version ` +
          `(${apiVersionOf(kind)})`,
      );
    object.apiVersion = apiVersionOf(kind);
    object.kind = kind.kind;
    object.metadata = isRecord(object.metadata) ? object.metadata : ({ name: '' } as LabObject['metadata']);
    if (kind.namespaced) {
      if (object.metadata.namespace && namespace && object.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      object.metadata.namespace = namespace ?? object.metadata.namespace ?? 'default';
    } else {
      delete object.metadata.namespace;
    }
    return object;
  }

  private deleteNamespaceContents(namespace: string): void {
    for (const kind of LAB_KINDS) {
      if (!kind.namespaced) continue;
      for (const object of this.store.list(kind, namespace)) this.store.remove(kind, namespace, object.metadata.name);
    }
  }
}

function updateEntry(kind: KindInfo, manager: string) {
  return {
    manager,
    operation: 'Update' as const,
    apiVersion: apiVersionOf(kind),
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    fieldsType: 'FieldsV1' as const,
    fieldsV1: {},
  };
}
