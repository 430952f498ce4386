import { Option, type Command } from 'commander';
import { collect } from './assignments.js';
import { REPORTER_KINDS, TARGET_NAMES } from '../shared/index.js';

/** Flags shared by every command that runs lessons against a target (run, check, start, demo). */
export interface TargetFlags {
  target?: string;
  var?: string[];
  secret?: string[];
  trust?: boolean;
  workdir?: string;
  context?: string;
  cluster?: string;
  namespace?: string;
  kubeconfig?: string;
  proxyService?: string;
  proxyUrl?: string;
  proxyPort?: string;
  adminPort?: string;
  kubePort?: string;
  keepSandbox?: boolean;
}

export interface ReportFlags {
  reporter: string;
  output?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('-t, --target <name>', 'where the lessons run').choices([...TARGET_NAMES]))
    .option('--var <NAME=VALUE>', 'set a lesson or target variable (repeatable)', collect)
    .option('--secret <NAME=VALUE>', 'set a secret variable, masked in all output (repeatable)', collect)
    .option('--trust', 'run commands from lessons that do not ship with kong-workshop')
    .option('--workdir <dir>', 'folder for files the lessons write (default: in the state folder)')
    .option('--context <name>', 'kind: kube context (default kind-<cluster>)')
    .option('--cluster <name>', 'kind: cluster name (default kind)')
    .option('--namespace <name>', 'kind: namespace (default kong)')
    .option('--kubeconfig <file>', 'kind: kubeconfig file (default $KUBECONFIG or ~/.kube/config)')
    .option('--proxy-service <name>', 'kind: the Kong proxy Service to forward to (default kong-gateway-proxy)')
    .option('--proxy-url <url>', 'kind: use this proxy address instead of a port-forward')
    .option('--proxy-port <port>', 'sandbox: proxy port when one is started (default 8000, 0 = any free port)')
    .option('--admin-port <port>', 'sandbox: Admin API port when one is started (default 8001)')
    .option(
      '--kube-port <port>',
      'sandbox, kind-lab: the kube lab Kubernetes API port when one is started (default 6443)',
    )
    .option('--keep-sandbox', 'sandbox: start it in the background and leave it running afterwards');
}

export function addReportOptions(command: Command): Command {
  return command
    .addOption(new Option('-r, --reporter <kind>', 'report format').choices([...REPORTER_KINDS]).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-q, --quiet', 'text report: leave out command output')
    .option('--verbose', "print each check's requests and responses (secrets masked) on standard error");
}

/** Target settings from flags, as the target implementations read them. */
export function targetSettings(flags: TargetFlags): Record<string, string | undefined> {
  return {
    context: flags.context,
    cluster: flags.cluster,
    namespace: flags.namespace,
    kubeconfig: flags.kubeconfig,
    proxyService: flags.proxyService,
    proxyUrl: flags.proxyUrl,
    proxyPort: flags.proxyPort,
    adminPort: flags.adminPort,
    kubePort: flags.kubePort,
    sandbox: flags.keepSandbox ? 'daemon' : undefined,
  };
}
