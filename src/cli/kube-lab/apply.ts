import { resourcePath, type LabClient } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';
import { checkAuth, connectLab, DEFAULT_NAMESPACE, kindLabel, statusMessage, type LabFlags } from './connect.js';
import { readManifests, type Manifest } from './manifests.js';

export interface ApplyFlags extends LabFlags {
  readonly filename: string[];
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `kong-workshop apply -f FILE|-`: each object is server-side applied (field manager
 * `kong-workshop`, strict field validation), printing `created`, `configured` or `unchanged`
 * like kubectl. A refused object is reported at its file:line:col and the others still go in.
 */
export async function applyCommand(flags: ApplyFlags): Promise<number> {
  const manifests = readManifests(flags.filename);
  if (manifests.length === 0)
    throw new CliError(
      ExitCode.Usage,
      'no objects passed to apply',
      'the files (or standard input) hold no Kubernetes objects',
    );
  const client = await connectLab(flags);
  let failed = 0;
  try {
    for (const manifest of manifests) {
      const outcome = await applyOne(client, manifest, namespaceFor(manifest, flags.namespace));
      if (outcome.ok) out(`${kindLabel(manifest.kind)}/${manifest.object.metadata.name} ${outcome.verb}`);
      else {
        failed++;
        err(`${manifest.at}: ${outcome.message}`);
      }
      for (const warning of outcome.warnings) err(`Warning: ${warning}`);
    }
  } finally {
    await client.close();
  }
  return failed ? ExitCode.Usage : ExitCode.Ok;
}

async function applyOne(
  client: LabClient,
  manifest: Manifest,
  namespace: string | undefined,
): Promise<
  { ok: true; verb: string; warnings: readonly string[] } | { ok: false; message: string; warnings: readonly string[] }
> {
  const path = resourcePath(manifest.kind, namespace, manifest.object.metadata.name);
  const before = checkAuth(await client.send('GET', path));
  const previousVersion =
    before.status === 200
      ? (before.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion
      : undefined;
  const body = {
    ...manifest.object,
    metadata: { ...manifest.object.metadata, ...(namespace && manifest.kind.namespaced ? { namespace } : {}) },
  };
  const response = checkAuth(
    await client.send('PATCH', `${path}?fieldManager=kong-workshop&force=true&fieldValidation=Strict`, {
      body,
      contentType: 'application/apply-patch+yaml',
    }),
  );
  if (response.status !== 200 && response.status !== 201)
    return { ok: false, message: statusMessage(response), warnings: response.warnings };
  const version = (response.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
  const verb = previousVersion === undefined ? 'created' : version === previousVersion ? 'unchanged' : 'configured';
  return { ok: true, verb, warnings: response.warnings };
}

/** The object's own namespace, which -n may not contradict (kubectl's rule), else -n, else the default. */
export function namespaceFor(manifest: Manifest, flag: string | undefined): string | undefined {
  if (!manifest.kind.namespaced) return undefined;
  const own = manifest.object.metadata.namespace;
  if (own && flag && own !== flag) {
    throw new CliError(
      ExitCode.Usage,
      `${manifest.at}: the namespace from the provided object "${own}" does not match the namespace "${flag}"`,
      `pass --namespace=${own}, or drop the namespace from the file`,
    );
  }
  return own ?? flag ?? DEFAULT_NAMESPACE;
}
