import { resourcePath, type KindInfo } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';
import { namespaceFor } from './apply.js';
import { checkAuth, connectLab, kindLabel, objectNamespace, serverError, type LabFlags } from './connect.js';
import { readManifests } from './manifests.js';
import { parseResourceArgs } from './resources.js';

export interface DeleteFlags extends LabFlags {
  readonly filename: string[];
  readonly ignoreNotFound?: boolean;
}

interface Target {
  readonly kind: KindInfo;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly at?: string;
}

/** `kong-workshop delete -f FILE|-` or `delete KIND NAME…`, printing what kubectl prints. */
export async function deleteCommand(args: readonly string[], flags: DeleteFlags): Promise<number> {
  if (flags.filename.length && args.length)
    throw new CliError(
      ExitCode.Usage,
      'give either -f files or KIND NAME, not both',
      'kong-workshop delete -f key-auth.yaml, or kong-workshop delete kongplugin key-auth',
    );
  const targets: Target[] = flags.filename.length
    ? readManifests(flags.filename).map((m) => ({
        kind: m.kind,
        namespace: namespaceFor(m, flags.namespace),
        name: m.object.metadata.name,
        at: m.at,
      }))
    : parseResourceArgs(args).flatMap(({ kind, names }) => {
        if (names.length === 0)
          throw new CliError(
            ExitCode.Usage,
            `name the ${kind.plural} to delete`,
            `kong-workshop delete ${kind.singular} NAME`,
          );
        return names.map((name) => ({
          kind,
          namespace: objectNamespace(kind, flags.namespace),
          name,
        }));
      });
  const client = await connectLab(flags);
  let failed = 0;
  try {
    for (const target of targets) {
      const response = checkAuth(
        await client.send('DELETE', resourcePath(target.kind, target.namespace, target.name), {
          body: { propagationPolicy: 'Background' },
        }),
      );
      if (response.status === 200) process.stdout.write(`${kindLabel(target.kind)} "${target.name}" deleted\n`);
      else if (response.status === 404 && flags.ignoreNotFound) continue;
      else {
        failed++;
        process.stderr.write(`${target.at ? `${target.at}: ` : ''}${serverError(response)}\n`);
      }
    }
  } finally {
    await client.close();
  }
  return failed ? ExitCode.Usage : ExitCode.Ok;
}
