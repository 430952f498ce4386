import type { Command } from 'commander';

/** A subcommand: registers itself on the program; its action loads its implementation lazily. */
export interface CommandModule {
  register(program: Command, run: (action: () => Promise<number>) => Promise<void>): void;
}

export const startCommandModule = async (): Promise<CommandModule> => (await import('./start.js')).startCommand;

/** Every subcommand, in the order `--help` lists them. */
export const commandModules: readonly (() => Promise<CommandModule>)[] = [
  startCommandModule,
  async () => (await import('./run.js')).runCommand,
  async () => (await import('./check.js')).checkCommand,
  async () => (await import('./env.js')).envCommand,
  async () => (await import('./clean.js')).cleanCommand,
  async () => (await import('./verify.js')).verifyCommand,
  async () => (await import('./demo.js')).demoCommand,
  async () => (await import('./sandbox.js')).sandboxCommand,
  async () => (await import('./kube-lab.js')).kubeLabCommand,
  async () => (await import('./lint.js')).lintCommand,
  async () => (await import('./import.js')).importCommand,
  async () => (await import('./new.js')).newCommand,
  async () => (await import('./doctor.js')).doctorCommand,
  async () => (await import('./class.js')).classCommand,
  async () => (await import('./completion.js')).completionCommand,
];
