import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/doctor/tools.js';
import { cliPath, runCli } from '../helpers/cli.js';

const has = (tool: string) => findExecutable(tool, process.env, { os: process.platform }) !== undefined;

describe('kong-workshop completion', () => {
  let bash: string;
  beforeAll(async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    bash = result.stdout;
  });

  /** What bash offers after typing `line` (the last word is the one being completed). */
  function complete(line: string): string[] {
    const words = line.split(' ');
    const script = `${bash}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_kong_workshop; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  }

  it('offers the commands, then a group’s subcommands', () => {
    expect(complete('kong-workshop ru')).toEqual(['run']);
    expect(complete('kong-workshop sandbox st')).toEqual(['start', 'stop', 'status']);
    expect(complete('kong-workshop class ex')).toEqual(['export']);
  });

  it('offers the options of the command typed, and never a retired spelling', () => {
    const options = complete('kong-workshop run --');
    for (const flag of ['--format', '--report-file', '--target', '--secret-env', '--secret-file', '--help'])
      expect(options).toContain(flag);
    for (const retired of ['--json', '--reporter', '--output', '--report']) expect(options).not.toContain(retired);
    expect(complete('kong-workshop sandbox status --')).toEqual(['--format', '--help']);
  });

  it("offers an option's choices as its value", () => {
    expect(complete('kong-workshop run --format ')).toEqual(['text', 'json', 'junit', 'tap', 'html']);
    expect(complete('kong-workshop doctor --target k')).toEqual(['kind', 'konnect', 'kind-lab']);
    expect(complete('kong-workshop completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers the bundled lessons by name where a command takes lessons', () => {
    expect(complete('kong-workshop run 02')).toContain('02-key-auth');
    expect(complete('kong-workshop check 04')).toContain('04-per-consumer-limits');
  });

  it('is generated from the parser’s table: every visible option of every command is offered', async () => {
    const { buildProgram } = await import('../../src/cli/main.js');
    const program = await buildProgram();
    const walk = (command: typeof program, words: string[]): void => {
      const offered = complete(['kong-workshop', ...words, '-'].join(' '));
      for (const option of command.options.filter((o) => !o.hidden))
        expect(offered, `${words.join(' ')} ${option.long}`).toContain(option.long);
      for (const sub of command.commands) walk(sub, [...words, sub.name()]);
    };
    for (const sub of program.commands) walk(sub, [sub.name()]);
  });

  it("every command's --help has examples", async () => {
    const [{ buildProgram }, { examplesFor }] = await Promise.all([
      import('../../src/cli/main.js'),
      import('../../src/cli/examples.js'),
    ]);
    const program = await buildProgram();
    const missing: string[] = [];
    const walk = (command: typeof program, words: string[]): void => {
      if (examplesFor(command).length === 0) missing.push(words.join(' ') || '(no command)');
      for (const sub of command.commands) walk(sub, [...words, sub.name()]);
    };
    walk(program, []);
    expect(missing).toEqual([]);
    for (const args of [['run'], ['sandbox', 'status'], ['class', 'export'], []]) {
      const help = await runCli([...args, '--help']);
      expect(help.stdout, args.join(' ')).toMatch(/\nExamples:\n {2}\S/);
    }
  });

  it('refuses a shell it does not know, with usage', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('usage: kong-workshop completion');
  });

  it.skipIf(!has('zsh'))('zsh: the script parses, registers itself with compinit and knows the tables', async () => {
    const script = (await runCli(['completion', 'zsh'])).stdout;
    await execa('zsh', ['-n'], { input: script });
    const file = join(mkdtempSync(join(tmpdir(), 'kw-zsh-')), '_kong-workshop');
    writeFileSync(file, script);
    const probe = `autoload -U compinit && compinit -u -D; source ${file}; print -r -- \${_comps[kong-workshop]};
      __kong_workshop_values 'run|--format'; __kong_workshop_arguments completion`;
    const result = await execa('zsh', ['-f', '-c', probe]);
    expect(result.stdout.split('\n')).toEqual(['_kong_workshop', 'text json junit tap html', '= bash zsh fish']);
  });

  it.skipIf(!has('fish'))('fish: the script parses and completes', async () => {
    const script = (await runCli(['completion', 'fish'])).stdout;
    const file = join(mkdtempSync(join(tmpdir(), 'kw-fish-')), 'kong-workshop.fish');
    writeFileSync(file, script);
    await execa('fish', ['--no-execute', file]);
    const complete = async (line: string) =>
      (await execa('fish', ['-c', `source ${file}; complete -C ${JSON.stringify(line)}`])).stdout
        .split('\n')
        .map((row) => row.split('\t')[0]);
    expect(await complete('kong-workshop run --format ')).toEqual(['html', 'json', 'junit', 'tap', 'text']);
    expect(await complete('kong-workshop sandbox st')).toEqual(['start', 'status', 'stop']);
    expect(await complete('kong-workshop sandbox status --')).toEqual(['--format', '--help']);
    expect(await complete('kong-workshop run 02')).toContain('02-key-auth');
  });

  it('zsh and fish scripts describe the same commands and options', async () => {
    const zsh = (await runCli(['completion', 'zsh'])).stdout;
    expect(zsh.startsWith('#compdef kong-workshop')).toBe(true);
    expect(zsh).toContain("'run:run lessons end to end");
    expect(zsh).toContain(`'run|--format') echo 'text json junit tap html'`);
    const fish = (await runCli(['completion', 'fish'])).stdout;
    expect(fish).toContain("complete -c kong-workshop -n '__fish_use_subcommand' -a 'run'");
    expect(fish).toMatch(
      new RegExp(
        "-n '__fish_seen_subcommand_from run; and not __fish_seen_subcommand_from sandbox class' " +
          "-l format -x -a 'text json junit tap html'",
      ),
    );
    expect(fish).toContain(
      "-n '__fish_seen_subcommand_from sandbox; and __fish_seen_subcommand_from status' -l format",
    );
    expect(cliPath).toBeTruthy();
  });
});
