import { isRecord } from './types.js';

/** A patch the API server cannot apply: 422 for JSON patch tests and paths, 400 for bad input. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422 = 422,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

interface JsonPatchOp {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test), applied to a copy. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('the patch must be a JSON array of operations', 400);
  let doc = structuredClone(target);
  for (const raw of operations) {
    if (!isRecord(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw new PatchError('each operation needs "op" and "path"', 400);
    const op = raw as unknown as JsonPatchOp;
    switch (op.op) {
      case 'add':
        doc = put(doc, pointer(op.path), structuredClone(op.value), 'add');
        break;
      case 'remove':
        doc = take(doc, pointer(op.path)).doc;
        break;
      case 'replace':
        take(doc, pointer(op.path));
        doc = put(doc, pointer(op.path), structuredClone(op.value), 'replace');
        break;
      case 'move': {
        const taken = take(doc, pointer(op.from ?? ''));
        doc = put(taken.doc, pointer(op.path), taken.value, 'add');
        break;
      }
      case 'copy':
        doc = put(doc, pointer(op.path), structuredClone(read(doc, pointer(op.from ?? ''))), 'add');
        break;
      case 'test':
        if (JSON.stringify(read(doc, pointer(op.path))) !== JSON.stringify(op.value))
          throw new PatchError(`testing value ${op.path} failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`, 400);
    }
  }
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${path}`, 400);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function read(doc: unknown, parts: readonly string[]): unknown {
  let value = doc;
  for (const part of parts) {
    if (Array.isArray(value) && /^\d+$/.test(part) && Number(part) < value.length) value = value[Number(part)];
    else if (isRecord(value) && part in value) value = value[part];
    else throw new PatchError(`doc is missing path: /${parts.join('/')}`);
  }
  return value;
}

function put(doc: unknown, parts: readonly string[], value: unknown, mode: 'add' | 'replace'): unknown {
  if (parts.length === 0) return value;
  const parent = read(doc, parts.slice(0, -1));
  const last = parts[parts.length - 1]!;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new PatchError(`index out of range: /${parts.join('/')}`);
    if (mode === 'replace') parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isRecord(parent)) {
    parent[last] = value;
  } else {
    throw new PatchError(`doc is missing path: /${parts.join('/')}`);
  }
  return doc;
}

function take(doc: unknown, parts: readonly string[]): { doc: unknown; value: unknown } {
  const value = read(doc, parts);
  if (parts.length === 0) return { doc: undefined, value };
  const parent = read(doc, parts.slice(0, -1));
  const last = parts[parts.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isRecord(parent)) delete parent[last];
  return { doc, value };
}

// The list fields of the built-in kinds the lab serves that merge by a key under a strategic
// merge patch (their `patchMergeKey` in k8s.io/api); every other list is replaced whole.
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
};

/**
 * Kubernetes' strategic merge patch for the built-in kinds: a JSON merge patch where lists
 * with a merge key merge item by item, and the `$patch`, `$retainKeys`,
 * `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives kubectl sends are honoured.
 */
export function strategicMergePatch(target: unknown, patch: unknown, path: readonly string[] = []): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  const retain = Array.isArray(patch.$retainKeys) ? new Set(patch.$retainKeys as string[]) : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((value as unknown[]) ?? []);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((item) => !drop.has(item));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = MERGE_KEYS[key];
    if (Array.isArray(value) && mergeKey && Array.isArray(out[key])) {
      out[key] = mergeList(out[key] as unknown[], value, mergeKey, [...path, key]);
    } else {
      const merged = strategicMergePatch(out[key], value, [...path, key]);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
  }
  if (retain) for (const key of Object.keys(out)) if (!retain.has(key)) delete out[key];
  return out;
}

function mergeList(current: unknown[], patch: unknown[], mergeKey: string, path: readonly string[]): unknown[] {
  const out = [...current];
  for (const item of patch) {
    if (!isRecord(item) || item[mergeKey] === undefined) {
      out.push(structuredClone(item));
      continue;
    }
    const index = out.findIndex((existing) => isRecord(existing) && existing[mergeKey] === item[mergeKey]);
    const merged = strategicMergePatch(index === -1 ? undefined : out[index], item, path);
    if (index === -1) {
      if (merged !== undefined) out.push(merged);
    } else if (merged === undefined) out.splice(index, 1);
    else out[index] = merged;
  }
  return out;
}
