import type { Command } from 'commander';
import type { CommandModule } from './index.js';
import { addTargetOptions } from '../lesson-options.js';
import type { DemoFlags } from '../modes/demo-flags.js';

export const demoCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('demo')
      .summary('present lessons live: each command typed out, run and checked on screen')
      .description(
        'Instructor demo mode: a presenter view of the lessons with big step titles, their key lines and presenter ' +
          'notes.\n' +
          "Enter types a step's commands out, runs them for real and shows the checks as large pass/fail badges.\n" +
          'The keys are on screen; ? lists them all. See docs/demo.md.',
      )
      .argument(
        '[lessons...]',
        'lesson files, folders or bundled lesson names, in talk order (default: the bundled lessons)',
      )
      .option('--speed <chars-per-second>', 'typing speed (default 40)')
      .option('--reduced-motion', 'type commands instantly, without the typing animation')
      .option('--auto-advance <duration>', 'after this long idle, run the step or move on by itself (e.g. 8s)')
      .option(
        '--from <lesson:step>',
        'start at this step (1-based number or step id); the steps before it run quietly first',
      )
      .option('--record <file.cast>', 'record the talk as asciicast v2 (plays in asciinema), secrets masked')
      .option('--replay <file.cast>', 'play a recording instead of presenting live: the stage fallback')
      .option('--reset', "run the lessons' Clean up sections, last lesson first, and exit (rehearse again)");
    addTargetOptions(command).action((lessons: string[], flags: DemoFlags) =>
      run(async () => (await import('../modes/demo.js')).runDemo(lessons, flags)),
    );
  },
};
