import { Option, type Command } from 'commander';
import type { CommandModule } from './index.js';
import { retireOldOutputFlags } from '../output-options.js';

const minutesOption = (value: string): number => {
  const minutes = Number(value);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`not a number of minutes: ${value}`);
  return minutes;
};

/** `kong-workshop class …` (the instructor) and `join`, `hand` (learners). */
export const classCommand: CommandModule = {
  register(program: Command, run) {
    const load = () => import('../modes/class.js');
    const classes = program
      .command('class')
      .summary('teach a class: see every learner live (in this terminal, or start/stop/export a class)')
      .description(
        'Alone, `kong-workshop class` shows the running class in this terminal: learners × steps, raised hands, who is stuck.\n' +
          'Start the class first with `kong-workshop class start`; learners join with the line it prints.',
      )
      .action(() => run(async () => (await load()).classViewCommand()));

    classes
      .command('start')
      .description('start the class server here and print the join line; a class already in this state folder resumes')
      .option('--name <name>', 'the class name shown on the page (default "Kong workshop")')
      .option(
        '--listen <host:port>',
        'where to listen (default 127.0.0.1:4100; use 0.0.0.0:4100 for learners on other machines)',
      )
      .option(
        '--stuck-minutes <n>',
        'a learner failing the same check this long counts as stuck (default 5)',
        minutesOption,
      )
      .option('--new', 'archive the class in this state folder and start a new one (new join code)')
      .action((options) => run(async () => (await load()).classStartCommand(options)));

    classes
      .command('stop')
      .description('stop the running class server (the class is kept for export and resume)')
      .action(() => run(async () => (await load()).classStopCommand()));

    const exportCommand = classes
      .command('export')
      .description('per learner: lessons, steps passed/failed/skipped, time per step, attempts')
      .addOption(new Option('--format <kind>', 'output format').choices(['csv', 'json']).default('csv'))
      .option('--report-file <path>', 'write the export to this file instead of standard output');
    retireOldOutputFlags(exportCommand).action((options) =>
      run(async () => (await load()).classExportCommand(options)),
    );

    classes
      .command('say')
      .description("show a message in every learner's workshop (an empty message clears it)")
      .argument('<message...>', 'the message')
      .action((words: string[]) => run(async () => (await load()).classSayCommand(words.join(' '))));

    classes
      .command('pace')
      .description('pace the class: lessons and steps after this one show as "not yet" (`pace --clear` lifts it)')
      .argument('[lesson]', 'a lesson id, optionally with a step number: 02-key-auth or 02-key-auth:3')
      .option('--clear', 'remove the pacing marker')
      .action((lesson: string | undefined, options) =>
        run(async () => (await load()).classPaceCommand(lesson, options)),
      );

    classes
      .command('timebox')
      .description("give a lesson a time box: a countdown on the page, the terminal view and learners' workshops")
      .argument('<lesson>', 'a lesson id, e.g. 02-key-auth')
      .argument('[minutes]', 'how long, from now', minutesOption)
      .option('--clear', 'remove the time box')
      .action((lesson: string, minutes: number | undefined, options) =>
        run(async () => (await load()).classTimeboxCommand(lesson, minutes, options)),
      );

    program
      .command('join')
      .summary('join a class: your workshop reports your progress to the instructor')
      .description(
        'Joins the class at the address the instructor gives (`kong-workshop join http://HOST:PORT#CODE`). From then on, the\n' +
          'guided workshop and `run`/`check` report each step: its status, the name of a failing check and its first failing\n' +
          'expectation, time on the step. Never command output, variables, secrets or tokens. `join --leave` stops it.',
      )
      .argument('[address]', "the join line's address: http://HOST:PORT#CODE, or HOST:PORT followed by the code")
      .argument('[code]', 'the join code, when it is not after # in the address')
      .option('--name <name>', 'the name the instructor sees (asked for on a terminal)')
      .option('--leave', 'leave the class: stop reporting, forget the membership')
      .action((address: string | undefined, code: string | undefined, options) =>
        run(async () => (await load()).joinCommand(address, code, options)),
      );

    program
      .command('hand')
      .summary('raise your hand in the class (the workshop has a key for it too: !)')
      .option('--down', 'lower it')
      .action((options) => run(async () => (await load()).handCommand(options)));
  },
};
