import { resourcePath } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';
import { checkAuth, connectLab, kindLabel, objectNamespace, serverError, type LabFlags } from './connect.js';
import { parseResourceArgs } from './resources.js';

export interface AnnotateFlags extends LabFlags {
  readonly overwrite?: boolean;
}

/**
 * `kong-workshop annotate KIND NAME… KEY=VALUE… KEY-`: kubectl annotate, for attaching plugins
 * with `konghq.com/plugins` without kubectl. A key that already has a different value needs
 * --overwrite; `KEY-` removes one.
 */
export async function annotateCommand(args: readonly string[], flags: AnnotateFlags): Promise<number> {
  const changes = args.filter((a) => /^[^=\s]+=/.test(a) || /^[^=\s]+-$/.test(a));
  const resources = parseResourceArgs(args.filter((a) => !changes.includes(a)));
  if (changes.length === 0)
    throw new CliError(
      ExitCode.Usage,
      'no annotations to set or remove',
      'write KEY=VALUE to set one, KEY- to remove one: konghq.com/plugins=key-auth',
    );
  const set = Object.fromEntries(
    changes.filter((c) => c.includes('=')).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
  );
  const remove = changes.filter((c) => !c.includes('=')).map((c) => c.slice(0, -1));
  const client = await connectLab(flags);
  let failed = 0;
  try {
    for (const { kind, names } of resources) {
      if (names.length === 0)
        throw new CliError(
          ExitCode.Usage,
          `name the ${kind.singular} to annotate`,
          `kong-workshop annotate ${kind.singular} NAME KEY=VALUE`,
        );
      for (const name of names) {
        const path = resourcePath(kind, objectNamespace(kind, flags.namespace), name);
        const current = checkAuth(await client.send('GET', path));
        if (current.status !== 200) {
          failed++;
          process.stderr.write(`${serverError(current)}\n`);
          continue;
        }
        const existing =
          (current.body as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};
        const clashes = Object.entries(set).filter(([key, value]) => key in existing && existing[key] !== value);
        if (clashes.length && !flags.overwrite) {
          throw new CliError(
            ExitCode.Usage,
            `--overwrite is false but found the following declared annotation(s): ${clashes.map(([key]) => `'${key}' already has a value (${existing[key]})`).join(', ')}`,
            'add --overwrite to replace it',
          );
        }
        const patch = {
          metadata: { annotations: { ...set, ...Object.fromEntries(remove.map((key) => [key, null])) } },
        };
        const response = checkAuth(
          await client.send('PATCH', path, { body: patch, contentType: 'application/merge-patch+json' }),
        );
        if (response.status === 200) process.stdout.write(`${kindLabel(kind)}/${name} annotated\n`);
        else {
          failed++;
          process.stderr.write(`${serverError(response)}\n`);
        }
      }
    }
  } finally {
    await client.close();
  }
  return failed ? ExitCode.Usage : ExitCode.Ok;
}
