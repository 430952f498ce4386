import type { Command } from 'commander';

/** `kong-workshop sandbox status`: the words a user types to reach `command`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The usage line of a command and where its full help is: printed after every usage error. */
export function usageHint(command: Command): string {
  const path = commandPath(command);
  return `usage: ${path} ${command.usage()}\n(see \`${path} --help\` for options and examples)`;
}
