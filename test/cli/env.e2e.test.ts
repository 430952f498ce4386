import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEnv, shellKind } from '../../src/cli/env/index.js';
import { cliPath, runCli } from '../helpers/cli.js';

describe('kong-workshop env', () => {
  afterAll(async () => {
    await runCli(['sandbox', 'stop']);
  });

  it('refuses, with the command to run, when no sandbox is running', async () => {
    const result = await runCli(['env']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no sandbox is running');
    expect(result.stderr).toContain('kong-workshop sandbox start');
  });

  it(
    "joins the learner's shell: after eval, curl reaches the proxy and the Admin API, and kong-workshop " + 'resolves',
    async () => {
      const started = await runCli(['sandbox', 'start', '--proxy-port', '0', '--admin-port', '0', '--kube-port', '0']);
      expect(started.code).toBe(0);
      // A fresh shell with none of the lesson's variables, as a learner's terminal is.
      const script = [
        `eval "$(node '${cliPath}' env)"`,
        `curl -s -o /dev/null -w '%{http_code} ' "$PROXY/"`,
        `curl -s -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $SANDBOX_TOKEN" "$ADMIN/"`,
        'command -v kong-workshop',
      ].join(' && ');
      const shell = await execa('bash', ['--noprofile', '--norc', '-c', script], {
        env: { PATH: '/usr/bin:/bin', KONG_WORKSHOP_HOME: process.env.KONG_WORKSHOP_HOME ?? '' },
        extendEnv: false,
        reject: false,
      });
      expect(shell.stderr).toBe('');
      expect(shell.stdout).toMatch(/^404 200 .*\/bin\/kong-workshop$/);
    },
  );
});

describe('the export lines', () => {
  const exports = {
    vars: { PROXY: 'http://127.0.0.1:8000', SANDBOX_TOKEN: 'kpat_canary', ODD: "it's" },
    secret: new Set(['SANDBOX_TOKEN']),
    pathDir: '/state/bin',
  };

  it('prints secrets only when asked to (stdout is not a terminal), masked and commented out otherwise', () => {
    const piped = formatEnv(exports, 'bash', true);
    expect(piped).toContain("export SANDBOX_TOKEN='kpat_canary'");
    expect(piped).toContain(`export ODD='it'\\''s'`);
    expect(piped).toContain(`export PATH='/state/bin':"$PATH"`);
    const shown = formatEnv(exports, 'bash', false);
    expect(shown).not.toContain('kpat_canary');
    expect(shown.split('\n')[0]).toBe('# To set these in your shell, run: eval "$(kong-workshop env)"');
    expect(shown).toContain("#   export PROXY='http://127.0.0.1:8000'");
  });

  it('speaks fish, and picks the shell from $SHELL', () => {
    expect(formatEnv(exports, 'fish', true)).toContain("set -gx PROXY 'http://127.0.0.1:8000';");
    expect(formatEnv(exports, 'fish', true)).toContain("set -gx PATH '/state/bin' $PATH;");
    expect(shellKind(undefined, '/usr/bin/fish')).toBe('fish');
    expect(shellKind('zsh', '/usr/bin/fish')).toBe('zsh');
    expect(shellKind(undefined, undefined)).toBe('bash');
  });
});
