import type * as z from 'zod';
import type { DiagnosticSink } from '../diagnostics.js';
import { reportIssues } from '../schema-issues.js';
import type { SourcePos } from '../types.js';
import type { YamlPath, YamlSource } from '../yaml-source.js';

/** What normalising one check needs: its YAML with positions, and where to report. */
export interface CheckReader {
  readonly yaml: YamlSource;
  readonly sink: DiagnosticSink;
  /** Reports a problem at the value (or, for a missing value, the nearest key) at `path`. */
  error(path: YamlPath, code: string, message: string, hint: string): void;
  at(path: YamlPath): SourcePos;
  keyAt(path: YamlPath): SourcePos;
}

export function checkReader(yaml: YamlSource, sink: DiagnosticSink): CheckReader {
  return {
    yaml,
    sink,
    error: (path, code, message, hint) => sink.error(yaml.valuePos(path), code, message, hint),
    at: (path) => yaml.valuePos(path),
    keyAt: (path) => yaml.keyPos(path),
  };
}

/** Validates a check's YAML against its schema; schema problems are reported, and then undefined. */
export function validateCheck<S extends z.ZodType>(
  schema: S,
  reader: CheckReader,
  subject: string,
): z.output<S> | undefined {
  if (reader.yaml.value === null || reader.yaml.value === undefined) {
    reader.sink.error(
      reader.yaml.fallback,
      'invalid-check',
      `the ${subject} is empty`,
      'write the check as YAML; see docs/lesson-format.md#checks',
    );
    return undefined;
  }
  const result = schema.safeParse(reader.yaml.value);
  if (result.success) return result.data;
  reportIssues(result.error.issues, { yaml: reader.yaml, schema, code: 'invalid-check', subject }, reader.sink);
  return undefined;
}
