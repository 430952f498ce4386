/** A Kubernetes object as the lab stores and serves it: plain JSON, exactly as kubectl sees it. */
export interface LabObject {
  apiVersion: string;
  kind: string;
  metadata: LabMeta;
  [field: string]: unknown;
}

export interface LabMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
  ownerReferences?: Record<string, unknown>[];
  [field: string]: unknown;
}

/** One `metadata.managedFields` entry (server-side apply's record of who set what). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** A `metav1.Condition`. */
export interface LabCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 3339 at second precision, as the API server writes timestamps. */
export const timestamp = (ms: number = Date.now()): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
