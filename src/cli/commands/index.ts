import type { Command } from 'commander';

/** A subcommand: registers itself on the program; its action loads its implementation lazily. */
export interface CommandModule {
  register(program: Command, run: (action: () => Promise<number>) => Promise<void>): void;
}

export const startCommandModule = async (): Promise<CommandModule> => (await import('./start.js')).startCommand;

const others = () => import('./all.js');

/** Every subcommand, in the order `--help` lists them. */
export const commandModules: readonly (() => Promise<CommandModule>)[] = [
  startCommandModule,
  async () => (await others()).runCommand,
  async () => (await others()).checkCommand,
  async () => (await others()).envCommand,
  async () => (await others()).cleanCommand,
  async () => (await others()).verifyCommand,
  async () => (await others()).demoCommand,
  async () => (await others()).sandboxCommand,
  async () => (await others()).kubeLabCommand,
  async () => (await others()).lintCommand,
  async () => (await others()).importCommand,
  async () => (await others()).newCommand,
  async () => (await others()).doctorCommand,
  async () => (await others()).classCommand,
  async () => (await others()).completionCommand,
];
