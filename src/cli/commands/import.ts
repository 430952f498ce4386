import { Option, type Command } from 'commander';
import type { CommandModule } from './index.js';
import { retireOldOutputFlags } from '../output-options.js';

/** `kong-workshop import <page|folder>`: Kong docs how-tos and workshop pages as self-checking lessons. */
export const importCommand: CommandModule = {
  register(program: Command, run) {
    const command = program
      .command('import')
      .description(
        'turn Kong docs how-tos and workshop pages into lessons, with a report of what became a check and what did not',
      )
      .argument('<source>', 'a page (*.md) or a folder of pages (a Hugo workshop imports in order)')
      .option(
        '--site <checkout>',
        'a developer.konghq.com checkout, for the data pages read (default: found above the page)',
      )
      .option('--out <dir>', 'write the lessons here (without it, only the report is printed)')
      .option('--prefer <tab>', "the tab to import where a page offers a choice (e.g. 'Ingress')")
      .option(
        '--modernise',
        'rewrite behaviour current Kong no longer has (the drift table) instead of only flagging it',
        false,
      )
      .addOption(
        new Option('--format <kind>', 'how to print the import report').choices(['text', 'json']).default('text'),
      );
    retireOldOutputFlags(command).action(
      (
        source: string,
        options: { site?: string; out?: string; prefer?: string; modernise: boolean; format: 'text' | 'json' },
      ) => run(async () => (await import('../modes/import.js')).runImport(source, options)),
    );
  },
};
