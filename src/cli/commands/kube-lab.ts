import { Option, type Command } from 'commander';
import { retireOldOutputFlags } from '../output-options.js';
import { collect } from '../assignments.js';
import type { CommandModule } from './index.js';

const LAB = "the sandbox's kube lab (the kind-lab target)";

/**
 * `kong-workshop apply | delete | get | annotate`: kubectl's verbs for the sandbox's
 * Kubernetes lab, so the Kong Ingress Controller lessons run with nothing but kong-workshop.
 */
export const kubeLabCommand: CommandModule = {
  register(program: Command, run) {
    program
      .command('apply')
      .description(
        `apply Kubernetes manifests (KongPlugin, KongConsumer, Secret, Ingress, …) to ${LAB}, like kubectl apply`,
      )
      .requiredOption('-f, --filename <file>', 'a YAML manifest, or - for standard input (repeatable)', collect, [])
      .option('-n, --namespace <name>', 'namespace for objects that name none (default kong)')
      .option(
        '--pat <token>',
        'sandbox token (else KONG_WORKSHOP_PAT, config.yaml sandbox.pat, the stored login, the token file)',
      )
      .addHelpText(
        'after',
        '\nObjects are server-side applied (field manager kong-workshop). Exit status: 0 all applied, 1 an object ' +
          'was refused or a file is bad, 3 the sandbox is unreachable.',
      )
      .action((flags) => run(async () => (await import('../kube-lab/apply.js')).applyCommand(flags)));

    program
      .command('delete')
      .description(`delete objects from ${LAB}, like kubectl delete`)
      .argument('[resources...]', 'KIND NAME…, or KIND/NAME…')
      .option(
        '-f, --filename <file>',
        'delete the objects of this manifest, or - for standard input (repeatable)',
        collect,
        [],
      )
      .option('-n, --namespace <name>', 'namespace (default kong)')
      .option('--ignore-not-found', 'do not fail when an object does not exist')
      .option('--pat <token>', 'sandbox token')
      .action((resources: string[], flags) =>
        run(async () => (await import('../kube-lab/delete.js')).deleteCommand(resources, flags)),
      );

    const get = program
      .command('get')
      .description(`list objects of ${LAB} with their printer columns, like kubectl get`)
      .argument(
        '<resources...>',
        'KIND [NAME…], KIND/NAME…, or KIND,KIND (kinds by name, plural or short name: kc, kp)',
      )
      .option('-n, --namespace <name>', 'namespace (default kong)')
      .option('-A, --all-namespaces', 'every namespace')
      .option('-l, --selector <selector>', 'label selector, e.g. app=echo')
      .addOption(
        new Option('--format <kind>', "kubectl's -o: a table, or the objects as yaml, json or names")
          .choices(['table', 'wide', 'yaml', 'json', 'name'])
          .default('table'),
      )
      .option('--show-labels', 'add a LABELS column')
      .option('--pat <token>', 'sandbox token');
    retireOldOutputFlags(get).action((resources: string[], flags) =>
      run(async () => (await import('../kube-lab/get.js')).getCommand(resources, flags)),
    );

    program
      .command('annotate')
      .description(`set or remove annotations on objects of ${LAB}, like kubectl annotate`)
      .argument(
        '<args...>',
        'KIND NAME… then KEY=VALUE to set, KEY- to remove (e.g. ingress echo konghq.com/plugins=key-auth)',
      )
      .option('-n, --namespace <name>', 'namespace (default kong)')
      .option('--overwrite', 'replace an annotation that already has another value')
      .option('--pat <token>', 'sandbox token')
      .action((args: string[], flags) =>
        run(async () => (await import('../kube-lab/annotate.js')).annotateCommand(args, flags)),
      );
  },
};
