import { stringify as toYaml } from 'yaml';
import { resourcePath, type LabClient, type LabObject } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';
import {
  checkAuth,
  connectLab,
  DEFAULT_NAMESPACE,
  kindLabel,
  objectNamespace,
  serverError,
  type LabFlags,
} from './connect.js';
import { renderTable, type ApiTable } from './print.js';
import { parseResourceArgs, type ResourceArgs } from './resources.js';

export interface GetFlags extends LabFlags {
  readonly format?: string;
  readonly allNamespaces?: boolean;
  readonly selector?: string;
  readonly showLabels?: boolean;
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const OUTPUTS = ['wide', 'yaml', 'json', 'name'];

/**
 * `kong-workshop get KIND [NAME…]`: the lab's server-side Tables, printed as kubectl prints
 * them (the Kong CRDs' printer columns: KongConsumer USERNAME AGE PROGRAMMED, …), or the
 * objects with --format yaml|json|name.
 */
export async function getCommand(args: readonly string[], flags: GetFlags): Promise<number> {
  const output = flags.format === 'table' ? undefined : flags.format;
  if (output && !OUTPUTS.includes(output))
    throw new CliError(
      ExitCode.Usage,
      `unable to match a printer suitable for the output format "${output}"`,
      `use one of table, ${OUTPUTS.join(', ')}`,
    );
  const requests = parseResourceArgs(args);
  const client = await connectLab(flags);
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? DEFAULT_NAMESPACE);
  let failed = 0;
  try {
    if (output === 'yaml' || output === 'json' || output === 'name') {
      const objects: LabObject[] = [];
      for (const request of requests)
        failed += await collectObjects(client, request, namespace, flags.selector, objects);
      printObjects(objects, output, requests.length === 1 && requests[0]!.names.length === 1);
      return failed ? ExitCode.Usage : ExitCode.Ok;
    }
    const blocks: string[][] = [];
    for (const request of requests) {
      const result = await fetchTable(client, request, namespace, flags.selector);
      failed += result.failed;
      if (result.table.rows.length === 0) continue;
      const prefixed = requests.length > 1 || args.some((a) => a.includes('/'));
      blocks.push(
        renderTable(result.table, {
          wide: output === 'wide',
          withNamespace: Boolean(flags.allNamespaces) && request.kind.namespaced,
          namePrefix: prefixed ? kindLabel(request.kind) : undefined,
          headers: true,
          showLabels: flags.showLabels,
        }),
      );
    }
    if (blocks.length === 0 && failed === 0) {
      process.stderr.write(
        `No resources found${namespace && requests.some((r) => r.kind.namespaced) ? ` in ${namespace} namespace` : ''}.\n`,
      );
    }
    process.stdout.write(blocks.map((lines) => `${lines.join('\n')}\n`).join('\n'));
  } finally {
    await client.close();
  }
  return failed ? ExitCode.Usage : ExitCode.Ok;
}

async function fetchTable(
  client: LabClient,
  request: ResourceArgs,
  namespace: string | undefined,
  selector: string | undefined,
): Promise<{ table: ApiTable; failed: number }> {
  const ns = request.kind.namespaced ? namespace : undefined;
  if (request.names.length === 0) {
    const response = checkAuth(
      await client.send(
        'GET',
        `${resourcePath(request.kind, ns)}${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`,
        { accept: TABLE_ACCEPT },
      ),
    );
    if (response.status !== 200) return fail(response);
    return { table: response.body as ApiTable, failed: 0 };
  }
  const rows: ApiTable['rows'][number][] = [];
  let columns: ApiTable['columnDefinitions'] = [];
  let failed = 0;
  for (const name of request.names) {
    const response = checkAuth(
      await client.send('GET', resourcePath(request.kind, ns ?? objectNamespace(request.kind, undefined), name), {
        accept: TABLE_ACCEPT,
      }),
    );
    if (response.status !== 200) {
      failed += fail(response).failed;
      continue;
    }
    const table = response.body as ApiTable;
    columns = table.columnDefinitions;
    rows.push(...table.rows);
  }
  return { table: { columnDefinitions: columns, rows }, failed };
}

function fail(response: { status: number; body: unknown; warnings: readonly string[] }): {
  table: ApiTable;
  failed: number;
} {
  process.stderr.write(`${serverError(response)}\n`);
  return { table: { columnDefinitions: [], rows: [] }, failed: 1 };
}

async function collectObjects(
  client: LabClient,
  request: ResourceArgs,
  namespace: string | undefined,
  selector: string | undefined,
  into: LabObject[],
): Promise<number> {
  const ns = request.kind.namespaced ? (namespace ?? undefined) : undefined;
  if (request.names.length === 0) {
    const response = checkAuth(
      await client.send(
        'GET',
        `${resourcePath(request.kind, ns)}${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`,
      ),
    );
    if (response.status !== 200) return fail(response).failed;
    into.push(...((response.body as { items: LabObject[] }).items ?? []));
    return 0;
  }
  let failed = 0;
  for (const name of request.names) {
    const response = checkAuth(
      await client.send('GET', resourcePath(request.kind, ns ?? objectNamespace(request.kind, undefined), name)),
    );
    if (response.status === 200) into.push(response.body as LabObject);
    else failed += fail(response).failed;
  }
  return failed;
}

/** kubectl hides managedFields unless asked; so does this. */
function printObjects(objects: LabObject[], output: 'yaml' | 'json' | 'name', single: boolean): void {
  const clean = objects.map((o) => {
    const { managedFields: _hidden, ...metadata } = o.metadata;
    return { ...o, metadata };
  });
  if (output === 'name') {
    for (const o of objects)
      process.stdout.write(
        `${o.kind.toLowerCase()}${o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : ''}/${o.metadata.name}\n`,
      );
    return;
  }
  const value =
    single && clean.length === 1
      ? clean[0]
      : { apiVersion: 'v1', items: clean, kind: 'List', metadata: { resourceVersion: '' } };
  process.stdout.write(
    output === 'json'
      ? `${JSON.stringify(value, null, 4)}\n`
      : toYaml(value, { sortMapEntries: true, indentSeq: false }),
  );
}
