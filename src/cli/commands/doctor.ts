import { Option, type Command } from 'commander';
import type { TargetName, ToolRequirement } from '../../lesson/index.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandModule } from './index.js';
import { shouldColor, TARGET_NAMES } from '../../shared/index.js';
import { retireOldOutputFlags } from '../output-options.js';

interface DoctorFlags {
  readonly target: TargetName;
  readonly format: 'text' | 'json';
  readonly context?: string;
  readonly cluster?: string;
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly proxyService?: string;
  readonly proxyUrl?: string;
  readonly lessons?: readonly string[];
}

/**
 * The tools (and minimum versions) the lessons state for the target. A lesson that does not
 * parse states nothing here; `kong-workshop lint` is where its errors are reported.
 */
async function lessonToolRequirements(
  paths: readonly string[] | undefined,
  target: TargetName,
): Promise<ToolRequirement[]> {
  const [{ lessonFiles, parseLessonFile, toolRequirementsOn }, { bundledLessonsDir }] = await Promise.all([
    import('../../lesson/index.js'),
    import('../../shared/index.js'),
  ]);
  const files = (
    await Promise.all((paths?.length ? paths : [bundledLessonsDir()]).map((path) => lessonFiles(path)))
  ).flat();
  const parsed = await Promise.all(files.map((file) => parseLessonFile(file)));
  return toolRequirementsOn(
    parsed.flatMap((result) => (result.lesson ? [result.lesson] : [])),
    target,
  );
}

/** `kong-workshop doctor`: checks the machine (and for kind, the cluster) and prints fixes. */
export const doctorCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('doctor')
      .description('check what a target needs on this machine, and say exactly how to fix what is missing')
      .addOption(
        new Option('-t, --target <target>', 'the target to check for').choices(TARGET_NAMES).default('sandbox'),
      )
      .addOption(new Option('--format <kind>', 'output format').choices(['text', 'json']).default('text'))
      .option('--cluster <name>', 'kind: cluster name (default kind)')
      .option('--context <name>', 'kind: kube context (default kind-<cluster>)')
      .option('--namespace <name>', 'kind: namespace Kong runs in (default kong)')
      .option('--kubeconfig <path>', 'kind: kubeconfig file (default $KUBECONFIG or ~/.kube/config)')
      .option('--proxy-service <name>', 'kind: Service in front of the Kong proxy (default kong-gateway-proxy)')
      .option('--proxy-url <url>', 'kind: reach the proxy at this address instead')
      .option(
        '--lessons <paths...>',
        "check the tool versions these lessons' requires.tools state (default: the bundled lessons)",
      )
      .addHelpText(
        'after',
        '\nExit status: 0 when everything the target needs is there, 3 when something required is missing.',
      );
    retireOldOutputFlags(command).action((flags: DoctorFlags) =>
      run(async () => {
        const { runDoctor, renderDoctorText } = await import('../../doctor/index.js');
        const { target, format, lessons, ...settings } = flags;
        const requiredTools = await lessonToolRequirements(lessons, target);
        const report = await runDoctor({ target, settings, requiredTools });
        const color = shouldColor(process.stdout);
        process.stdout.write(
          format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorText(report, { color }),
        );
        return report.ok ? ExitCode.Ok : ExitCode.Fault;
      }),
    );
  },
};
