import { kindFromArgument, type KindInfo } from '@kong-workshop/kube-lab';
import { CliError, ExitCode } from '../exit-codes.js';

/** A kind and the names asked for (none: all of them). */
export interface ResourceArgs {
  readonly kind: KindInfo;
  readonly names: readonly string[];
}

/**
 * kubectl's resource arguments: `kc alex sam`, `kongconsumer/alex kongplugin/key-auth`,
 * `kc,kp` (several kinds, all objects). Kinds go by name, plural, singular or short name.
 */
export function parseResourceArgs(args: readonly string[]): ResourceArgs[] {
  if (args.length === 0)
    throw new CliError(
      ExitCode.Usage,
      'say which kind of resource',
      'e.g. `kongconsumer`, `kc alex`, or `kongplugin/key-auth`',
    );
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/')))
      throw new CliError(
        ExitCode.Usage,
        `there is no need to give a kind after KIND/NAME: ${args.join(' ')}`,
        'write every argument as KIND/NAME, or give one KIND then names',
      );
    return args.map((arg) => {
      const [kind, name] = arg.split('/', 2) as [string, string];
      return { kind: resolveKind(kind), names: [name] };
    });
  }
  const [kinds, ...names] = args as [string, ...string[]];
  const list = kinds.split(',').filter(Boolean).map(resolveKind);
  if (list.length > 1 && names.length)
    throw new CliError(
      ExitCode.Usage,
      'names go with one kind at a time',
      'write KIND/NAME for each: kongconsumer/alex kongplugin/key-auth',
    );
  return list.map((kind) => ({ kind, names }));
}

function resolveKind(argument: string): KindInfo {
  const kind = kindFromArgument(argument);
  if (!kind)
    throw new CliError(
      ExitCode.Usage,
      `the server doesn't have a resource type "${argument}"`,
      'kinds the lab serves: namespaces, secrets, configmaps, services, pods, events, deployments, ingresses, ' +
        'ingressclasses, gatewayclasses, gateways, httproutes, kongplugins (kp), kongclusterplugins (kcp), ' +
        'kongconsumers (kc), konnectapiauthconfigurations',
    );
  return kind;
}
