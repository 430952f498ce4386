import { InvalidArgumentError, Option, type Command } from 'commander';
import { retireOldOutputFlags } from '../output-options.js';
import type { CommandModule } from './index.js';

const portOption = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return port;
};

/** `kong-workshop sandbox …`: the embedded gateway, started, inspected and configured. */
export const sandboxCommand: CommandModule = {
  register(program: Command, run) {
    const sandbox = program
      .command('sandbox')
      .description('run the embedded sandbox gateway (a local Kong 3.9 stand-in)');
    const load = () => import('./sandbox-client.js');

    sandbox
      .command('start')
      .description('start the sandbox in the background (or in this terminal with --foreground)')
      .option('--foreground', 'run in this terminal until Ctrl-C')
      .option('--proxy-port <port>', 'proxy port (default 8000, 0 = any free port)', portOption)
      .option('--admin-port <port>', 'Admin API port (default 8001, 0 = any free port)', portOption)
      .option('--kube-port <port>', 'kube lab Kubernetes API port (default 6443, 0 = any free port)', portOption)
      .option('--no-auth', 'open Admin API, no token needed (like a plain Kong)')
      .option('--access-log', 'log every proxied request')
      .action((options) =>
        run(async () =>
          options.foreground
            ? (await import('./sandbox-actions.js')).foregroundCommand(options)
            : (await load()).startCommand(options),
        ),
      );

    sandbox
      .command('stop')
      .description('stop the background sandbox')
      .action(() => run(async () => (await load()).stopCommand()));

    const status = sandbox
      .command('status')
      .description('say whether the sandbox runs, and where')
      .addOption(new Option('--format <kind>', 'output format').choices(['text', 'json']).default('text'));
    retireOldOutputFlags(status).action((options) => run(async () => (await load()).statusCommand(options)));

    sandbox
      .command('sync')
      .description('make the sandbox configuration a deck file (format 3.0), like `deck gateway sync`')
      .argument('<file>', 'deck state file (YAML or JSON); - reads it from stdin')
      .option(
        '--pat <token>',
        'Admin API token (else KONG_WORKSHOP_PAT, sandbox.pat in the config file, the token file)',
      )
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((file: string, options) => run(async () => (await load()).syncCommand(file, options)));

    sandbox
      .command('apply')
      .description("add a deck file's entities to the sandbox, deleting nothing, like `deck gateway apply`")
      .argument('<file>', 'deck file (YAML or JSON), which may name entities already configured; - reads stdin')
      .option(
        '--pat <token>',
        'Admin API token (else KONG_WORKSHOP_PAT, sandbox.pat in the config file, the token file)',
      )
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((file: string, options) => run(async () => (await load()).syncCommand(file, options, 'apply')));

    sandbox
      .command('reset')
      .description('forget all sandbox configuration, counters and clock offset')
      .option('--pat <token>', 'Admin API token')
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((options) => run(async () => (await load()).resetCommand(options)));

    sandbox
      .command('token')
      .description('print the sandbox Admin API token (kpat_…)')
      .action(() => run(async () => (await load()).tokenCommand()));

    sandbox
      .command('kubeconfig')
      .description(
        "print the path of the kube lab's kubeconfig, for `export KUBECONFIG=$(kong-workshop sandbox kubeconfig)`",
      )
      .action(() => run(async () => (await load()).kubeconfigCommand()));

    sandbox
      .command('advance')
      .description('move the sandbox rate-limit clock forward, e.g. `advance 60s`')
      .argument('<duration>', 'how far, with a unit: 30s, 1m, 1h')
      .option('--pat <token>', 'Admin API token')
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((duration: string, options) => run(async () => (await load()).advanceCommand(duration, options)));

    sandbox
      .command('whoami')
      .description(
        'show the organization behind the Admin API token, and where the token came from (like `kongctl get ' +
          'organization`)',
      )
      .option(
        '--pat <token>',
        'Admin API token (else KONG_WORKSHOP_PAT, sandbox.pat in the config file, the token file)',
      )
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((options) => run(async () => (await load()).whoamiCommand(options)));

    sandbox
      .command('login')
      .description(
        "log in with your browser, like `kongctl login`: a one-time code to approve on the sandbox's page, then the " +
          'token pair is stored (never printed)',
      )
      .action(() => run(async () => (await import('./sandbox-login.js')).loginCommand()));

    sandbox
      .command('approve')
      .description(
        'approve a waiting `sandbox login` from the terminal, with the Admin API token (for when no browser reaches ' +
          '127.0.0.1)',
      )
      .argument('<code>', 'the one-time code `sandbox login` printed, e.g. BCDF-GH23')
      .option('--pat <token>', 'Admin API token')
      .option('--config-file <file>', 'read sandbox.pat from this file instead of the default config.yaml')
      .action((code: string, options) =>
        run(async () => (await import('./sandbox-login.js')).approveCommand(code, options)),
      );

    sandbox
      .command('logout')
      .description('forget the token pair `sandbox login` stored, like `kongctl logout`')
      .action(() => run(async () => (await import('./sandbox-login.js')).logoutCommand()));

    sandbox
      .command('logs')
      .description('print the background sandbox log')
      .option('-f, --follow', 'keep printing new lines until Ctrl-C')
      .action((options) => run(async () => (await import('./sandbox-actions.js')).logsCommand(options)));
  },
};
