import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { withTerminalLent } from './terminal-handover.js';

/** What the learner's own shell starts with: the lesson's work folder and environment. */
export interface LearnerShell {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** For the prompt and the banner: "02-key-auth, step 2". */
  readonly label: string;
}

/**
 * Opens the learner's `$SHELL` in the lesson's work folder with the lesson's environment, on
 * this terminal, and resolves when they exit it. The prompt says where they are: bash and zsh
 * read their usual start-up files first, then get a prompt that starts with `(kong-workshop …)`.
 */
export async function openLearnerShell(
  shell: LearnerShell,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const program = process.env.SHELL || '/bin/sh';
  const name = basename(program);
  const tag = `(kong-workshop ${shell.label})`;
  const scratch = mkdtempSync(join(tmpdir(), 'kw-shell-'));
  const env: Record<string, string> = { ...stringEnv(process.env), ...shell.env, KONG_WORKSHOP_SHELL: shell.label };
  let args: string[] = [];
  if (name === 'bash') {
    const rc = join(scratch, 'bashrc');
    writeFileSync(rc, `[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=${quote(`${tag} \\w \\$ `)}\n`);
    args = ['--rcfile', rc, '-i'];
  } else if (name === 'zsh') {
    writeFileSync(
      join(scratch, '.zshrc'),
      `[ -f ~/.zshrc ] && ZDOTDIR=~ . ~/.zshrc\nPROMPT=${quote(`${tag} %~ %# `)}\n`,
    );
    env.ZDOTDIR = scratch;
  } else if (name === 'fish') {
    args = ['-C', `function fish_prompt; echo -n ${quote(`${tag} `)}(prompt_pwd)' > '; end`];
  } else {
    env.PS1 = `${tag} $ `;
  }
  out.write(
    `\nYour shell, in the lesson's work folder with its environment ($PROXY, $ADMIN, …).\n` +
      `Type the step's commands yourself; type exit (or Ctrl-D) to go back to the lesson.\n\n`,
  );
  // The terminal is the shell's now, until it exits.
  try {
    await withTerminalLent(
      () =>
        new Promise<void>((resolve) => {
          const child = spawn(program, args, { cwd: shell.cwd, env, stdio: 'inherit' });
          child.once('error', (error) => {
            out.write(`could not start ${program}: ${error.message}\n`);
            resolve();
          });
          child.once('exit', () => resolve());
        }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function stringEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined) env[name] = value;
  return env;
}

function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
