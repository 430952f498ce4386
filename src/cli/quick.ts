/**
 * The quick path for short `kong-workshop sandbox …` commands. Lessons run them many times, each
 * in a new process, so they must cost little more than starting Node: this parses exactly the
 * argument shapes commands.ts's `sandbox` definitions accept and runs the action from
 * sandbox-client.ts without loading commander or any other command. Anything it does not
 * recognise (help, an unknown or malformed flag, a missing argument) returns undefined, and the
 * full CLI handles it, with its own usage errors: the two paths never disagree on what is valid.
 */
import { endQuietlyOnClosedPipe } from '../shared/index.js';
import * as client from './commands/sandbox-client.js';
import type { TokenFlags } from './commands/sandbox-client.js';
import { CliError, ExitCode } from './exit-codes.js';
import { formatCliError } from './format-error.js';

type Flags = Readonly<Record<string, string | true>>;
type Client = typeof import('./commands/sandbox-client.js');

interface QuickCommand {
  /** Positional arguments, exactly. */
  readonly arity: number;
  /** Each flag and whether it takes a value. */
  readonly flags: Readonly<Record<string, 'value' | 'switch'>>;
  readonly run: (client: Client, positional: readonly string[], flags: Flags) => Promise<number> | undefined;
}

const tokenFlags = { '--pat': 'value', '--config-file': 'value' } as const;
const tokenOptions = (flags: Flags): TokenFlags => ({
  pat: text(flags['--pat']),
  configFile: text(flags['--config-file']),
});
const text = (value: string | true | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

const commands: Readonly<Record<string, QuickCommand>> = {
  status: {
    arity: 0,
    flags: { '--format': 'value' },
    run: (c, _, f) => {
      const format = f['--format'] ?? 'text';
      // Any other value, and the retired --json, get the full CLI's error.
      return format === 'text' || format === 'json' ? c.statusCommand({ format }) : undefined;
    },
  },
  stop: { arity: 0, flags: {}, run: (c) => c.stopCommand() },
  token: { arity: 0, flags: {}, run: (c) => c.tokenCommand() },
  kubeconfig: { arity: 0, flags: {}, run: (c) => c.kubeconfigCommand() },
  sync: { arity: 1, flags: tokenFlags, run: (c, [file], f) => c.syncCommand(file ?? '', tokenOptions(f)) },
  apply: { arity: 1, flags: tokenFlags, run: (c, [file], f) => c.syncCommand(file ?? '', tokenOptions(f), 'apply') },
  reset: { arity: 0, flags: tokenFlags, run: (c, _, f) => c.resetCommand(tokenOptions(f)) },
  advance: { arity: 1, flags: tokenFlags, run: (c, [span], f) => c.advanceCommand(span ?? '', tokenOptions(f)) },
  whoami: { arity: 0, flags: tokenFlags, run: (c, _, f) => c.whoamiCommand(tokenOptions(f)) },
  approve: {
    arity: 1,
    flags: tokenFlags,
    run: (_, [code], f) =>
      import('./commands/sandbox-login.js').then((m) => m.approveCommand(code ?? '', tokenOptions(f))),
  },
  login: { arity: 0, flags: {}, run: () => import('./commands/sandbox-login.js').then((m) => m.loginCommand()) },
  logout: { arity: 0, flags: {}, run: () => import('./commands/sandbox-login.js').then((m) => m.logoutCommand()) },
  // Only the background start: `--foreground` is the gateway itself, which loads everything anyway.
  start: {
    arity: 0,
    flags: { '--proxy-port': 'value', '--admin-port': 'value', '--kube-port': 'value', '--no-auth': 'switch' },
    run: (c, _, f) => {
      const [proxyPort, adminPort, kubePort] = ['--proxy-port', '--admin-port', '--kube-port'].map((n) => port(f[n]));
      if ([proxyPort, adminPort, kubePort].includes(null)) return undefined; // the full CLI says what is wrong
      return c.startCommand({
        proxyPort: proxyPort ?? undefined,
        adminPort: adminPort ?? undefined,
        kubePort: kubePort ?? undefined,
        auth: f['--no-auth'] !== true,
      });
    },
  },
};

/** undefined when the flag is absent, null when it is not a port. */
function port(value: string | true | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  // The full CLI's rule (commands/sandbox.ts): digits only, at most 65535.
  return typeof value === 'string' && /^\d+$/.test(value) && Number(value) <= 65535 ? Number(value) : null;
}

/** Splits argv by the command's flag table; undefined for anything outside it. */
function parse(command: QuickCommand, argv: readonly string[]): { positional: string[]; flags: Flags } | undefined {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 && arg.startsWith('--') ? arg.slice(0, equals) : arg;
    const kind = command.flags[name];
    if (kind === undefined || name in flags) return undefined;
    if (kind === 'switch') {
      if (equals > 0) return undefined;
      flags[name] = true;
    } else if (equals > 0) {
      flags[name] = arg.slice(equals + 1);
    } else {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      flags[name] = value;
    }
  }
  return positional.length === command.arity ? { positional, flags } : undefined;
}

/**
 * Runs `sandbox <command> …` (argv after `sandbox`) if it is a short command in a shape this
 * recognises, and returns its exit code; undefined hands argv to the full CLI.
 */
export async function quickSandbox(argv: readonly string[]): Promise<number | undefined> {
  const [name = '', ...rest] = argv;
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  const parsed = command && parse(command, rest);
  if (!command || !parsed) return undefined;
  endQuietlyOnClosedPipe(); // the same rule as src/cli.ts: a reader that leaves is no error
  try {
    return await command.run(client, parsed.positional, parsed.flags);
  } catch (error) {
    process.stderr.write(formatCliError(error));
    return error instanceof CliError ? error.exitCode : ExitCode.Fault;
  }
}
