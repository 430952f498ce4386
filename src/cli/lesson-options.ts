import { InvalidArgumentError, Option, type Command } from 'commander';
import { collect } from './assignments.js';
import type { SecretSourceFlags } from './secret-sources.js';
import { addFormatOption, addReportFileOption, retireOldOutputFlags } from './output-options.js';
import { REPORTER_KINDS, TARGET_NAMES } from '../shared/index.js';

/** Flags shared by every command that runs lessons against a target (run, check, start, demo). */
export interface TargetFlags extends SecretSourceFlags {
  target?: string;
  var?: string[];
  choice?: string[];
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
  format: string;
  reportFile?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('-t, --target <name>', 'where the lessons run').choices([...TARGET_NAMES]))
    .option('--var <NAME=VALUE>', 'set a lesson or target variable (repeatable)', collect)
    .option('--choice <NAME=OPTION>', "pick an option of a lesson's ::: choice= parts (repeatable)", collect)
    .option(
      '--secret-env <NAME[=VARIABLE]>',
      'read a secret from the environment variable VARIABLE (default: NAME); masked everywhere (repeatable)',
      collect,
    )
    .option(
      '--secret-file <NAME=PATH>',
      'read a secret from a file (its last line break dropped) (repeatable)',
      collect,
    )
    .option(
      '--secret <NAME=VALUE>',
      'set a secret on the command line, where `ps` shows it; prefer the two above (repeatable)',
      collect,
    )
    .option(
      '--trust',
      'let lessons that do not ship with kong-workshop run commands, write files and send requests beyond the target',
    )
    .option('--workdir <dir>', 'folder for files the lessons write (default: in the state folder)')
    .option('--context <name>', 'kind: kube context (default kind-<cluster>)')
    .option('--cluster <name>', 'kind: cluster name (default kind)')
    .option('--namespace <name>', 'kind: namespace (default kong)')
    .option('--kubeconfig <file>', 'kind: kubeconfig file (default $KUBECONFIG or ~/.kube/config)')
    .option('--proxy-service <name>', 'kind: the Kong proxy Service to forward to (default kong-gateway-proxy)')
    .option('--proxy-url <url>', 'kind: use this proxy address instead of a port-forward')
    .option(
      '--proxy-port <port>',
      'sandbox: proxy port when one is started (default 8000, 0 = any free port)',
      portArgument,
    )
    .option('--admin-port <port>', 'sandbox: Admin API port when one is started (default 8001)', portArgument)
    .option(
      '--kube-port <port>',
      'sandbox, kind-lab: the kube lab Kubernetes API port when one is started (default 6443)',
      portArgument,
    )
    .option('--keep-sandbox', 'sandbox: start it in the background and leave it running afterwards');
}

/**
 * A port given on the command line: checked while parsing, so a bad one is a usage error (exit 1)
 * before anything starts. Kept as the string the targets read.
 */
export function portArgument(value: string): string {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return value;
}

export function addReportOptions(command: Command, kinds: readonly string[] = REPORTER_KINDS): Command {
  addFormatOption(
    command,
    kinds,
    'report format: on standard output, or in --report-file (html: one self-contained page; on a terminal it ' +
      'needs --report-file)',
  );
  addReportFileOption(command, 'also write the report to this file; the text report still streams to the console');
  return retireOldOutputFlags(command)
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
