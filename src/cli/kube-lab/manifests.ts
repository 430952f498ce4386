import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { kindOf, type KindInfo, type LabObject } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';
import { errorCode, errorMessage } from '../../shared/index.js';

/** One object of a manifest file, and where it starts (for file:line:col messages). */
export interface Manifest {
  readonly object: LabObject;
  readonly kind: KindInfo;
  /** `fixtures/kic/consumers.yaml:12:1` */
  readonly at: string;
}

const SERVED_HINT =
  'the lab serves Namespace, Secret, ConfigMap, Service, Pod, Event, Deployment, Ingress, IngressClass, GatewayClass, Gateway, HTTPRoute, KongPlugin, KongClusterPlugin, KongConsumer and KonnectAPIAuthConfiguration';

/**
 * Reads `-f` arguments (files, or `-` for standard input) as multi-document YAML (or JSON), as
 * kubectl does: every document is an object or a `List` of them; empty documents are skipped.
 * Bad YAML and documents without apiVersion and kind are errors at file:line:col.
 */
export function readManifests(
  files: readonly string[],
  stdin: () => string = () => readFileSync(0, 'utf8'),
): Manifest[] {
  return files.flatMap((file) =>
    parseManifests(file === '-' ? '<stdin>' : file, file === '-' ? stdin() : readFile(file)),
  );
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new CliError(
      ExitCode.Usage,
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : errorMessage(error)}`,
      'give the path of a YAML manifest, or - to read standard input',
    );
  }
}

function parseManifests(name: string, text: string): Manifest[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const position = (offset: number) => {
    const at = lines.linePos(offset);
    return `${name}:${at.line}:${at.col}`;
  };
  const manifests: Manifest[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const problem = document.errors[0];
    if (problem)
      throw new CliError(
        ExitCode.Usage,
        `${position(problem.pos[0])}: ${problem.message.split('\n')[0]}`,
        'manifests are YAML (or JSON); documents are separated by lines of ---',
      );
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const start = document.contents?.range?.[0] ?? 0;
    if (typeof value !== 'object' || Array.isArray(value))
      throw new CliError(
        ExitCode.Usage,
        `${position(start)}: expected a Kubernetes object (a mapping with apiVersion, kind and metadata)`,
        'each document of a manifest is one object',
      );
    const record = value as Record<string, unknown>;
    if (record.kind === 'List' && Array.isArray(record.items)) {
      for (const item of record.items) manifests.push(toManifest(item, position(start)));
    } else {
      manifests.push(toManifest(record, position(start)));
    }
  }
  return manifests;
}

function toManifest(value: unknown, at: string): Manifest {
  const object = value as LabObject;
  if (typeof object?.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw new CliError(
      ExitCode.Usage,
      `${at}: the object has no ${typeof object?.apiVersion !== 'string' ? 'apiVersion' : 'kind'}`,
      'every Kubernetes object names its apiVersion and kind, e.g. apiVersion: configuration.konghq.com/v1, kind: KongPlugin',
    );
  }
  const kind = kindOf(object.apiVersion, object.kind);
  if (!kind)
    throw new CliError(
      ExitCode.Usage,
      `${at}: no matches for kind "${object.kind}" in version "${object.apiVersion}"`,
      SERVED_HINT,
    );
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') {
    throw new CliError(
      ExitCode.Usage,
      `${at}: ${object.kind} has no metadata.name`,
      'give the object a name: metadata: { name: … }',
    );
  }
  return { object, kind, at };
}
