const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type ShellKind = (typeof SHELLS)[number];

export interface EnvExports {
  /** Name → value, in the order to print. */
  readonly vars: Readonly<Record<string, string>>;
  /** Names whose values are secrets (tokens). */
  readonly secret: ReadonlySet<string>;
  /** A folder to put first on PATH, so `kong-workshop` resolves to this one. */
  readonly pathDir: string;
}

/** The shell the learner uses: --shell, else $SHELL's name, else bash (zsh reads the same lines). */
export function shellKind(flag: string | undefined, shellPath: string | undefined): ShellKind {
  const name = (flag ?? shellPath?.split('/').pop() ?? '').toLowerCase();
  return name === 'fish' ? 'fish' : name === 'zsh' ? 'zsh' : 'bash';
}

const MASK = '••••••••';

/**
 * `export` lines for `eval "$(kong-workshop env)"`, like `minikube docker-env`. `reveal`: whether
 * secret values are printed; on a terminal they are masked and the lines are comments, so a
 * token never lands in a screen, a recording or a scroll-back by accident.
 */
export function formatEnv(exports: EnvExports, shell: ShellKind, reveal: boolean): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(exports.vars)) {
    const shown = exports.secret.has(name) && !reveal ? MASK : value;
    lines.push(shell === 'fish' ? `set -gx ${name} ${quote(shown)};` : `export ${name}=${quote(shown)}`);
  }
  lines.push(
    shell === 'fish'
      ? `set -gx PATH ${quote(exports.pathDir)} $PATH;`
      : `export PATH=${quote(exports.pathDir)}:"$PATH"`,
  );
  const usage = shell === 'fish' ? 'kong-workshop env --shell fish | source' : 'eval "$(kong-workshop env)"';
  if (reveal) return `${lines.join('\n')}\n# To use these in your shell, run: ${usage}\n`;
  return `# To set these in your shell, run: ${usage}\n${lines.map((line) => `#   ${line}`).join('\n')}\n`;
}

/** Single quotes keep every character as it is in bash, zsh and fish; a quote inside is closed and escaped. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
