import type { Command } from 'commander';
import type { CommandModule } from './index.js';
import { addTargetOptions } from '../lesson-options.js';
import type { VerifyFlags } from '../modes/verify.js';
import { addFormatOption, addReportFileOption, retireOldOutputFlags } from '../output-options.js';

export const verifyCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('verify')
      .summary(
        "prove a lesson's checks: each fails before its step, passes after it, and fails again after the clean-up",
      )
      .description(
        'For each step, from where the lessons before it left the target: runs its checks before its commands (each ' +
          'must fail;\n' +
          'one that passes "proves nothing here"), then the step (each must pass); then the clean-up, after which ' +
          'the first\n' +
          "step's checks must fail again. Mark a check that states a fact already true before its step with `check " +
          'holds-before`.\n' +
          'Exit codes: 0 every check proven, 1 usage, 2 invalid lesson, 3 target or runtime fault, 4 a check proves ' +
          'nothing or fails.',
      )
      .argument('<lessons...>', 'lesson files, folders, or bundled lesson names (verified in order, on one target)');
    addTargetOptions(command);
    addFormatOption(
      command,
      ['text', 'json', 'junit', 'html'],
      'report format: on standard output, or in --report-file (html: one self-contained page; on a terminal it ' +
        'needs --report-file)',
    );
    addReportFileOption(command, 'also write the report to this file; the text report still goes to the console');
    retireOldOutputFlags(command).action((lessons: string[], flags: VerifyFlags) =>
      run(async () => (await import('../modes/verify.js')).runVerify(lessons, flags)),
    );
  },
};
