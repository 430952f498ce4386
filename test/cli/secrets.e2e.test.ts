import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_OUTPUT, fakeBin } from '../doctor/fake-tools.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startKongLikeServer, type KongLikeServer } from '../helpers/kong-like-server.js';

const CANARY = 'kw-canary-5e1d0c9b7a3f';

/** deck and kongctl as the konnect target's preflight wants them, then this machine's PATH (bash). */
const konnectTools = () => {
  const fakes = fakeBin({ deck: REAL_OUTPUT.deck, kongctl: REAL_OUTPUT.kongctl }, { withBash: false });
  return `${fakes}${delimiter}${process.env.PATH ?? ''}`;
};
const lesson = 'fixtures/lessons/run/secrets.md';

/** Every file under `dir`, as text: progress, credentials, work folders, logs. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return filesUnder(path);
    return stat.isFile() ? [{ path, text: readFileSync(path, 'latin1') }] : [];
  });
}

/** The canary is in no output, report or state file, raw or base64. */
function expectNowhere(result: CliResult, home: string, canary = CANARY): void {
  const forms = [canary, Buffer.from(canary).toString('base64')];
  for (const form of forms) {
    expect(result.stdout).not.toContain(form);
    expect(result.stderr).not.toContain(form);
    for (const file of filesUnder(home)) expect(file.text, file.path).not.toContain(form);
  }
}

describe('secrets without argv', () => {
  let server: KongLikeServer;
  let home: string;
  let gateway: string[];
  beforeAll(async () => {
    server = await startKongLikeServer();
    gateway = ['--target', 'gateway', '--var', `PROXY=${server.url}`, '--var', `ADMIN=${server.url}`];
  });
  afterAll(() => server.close());
  const freshHome = () => {
    home = mkdtempSync(join(tmpdir(), 'kw-secrets-'));
    return home;
  };
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { env: { KONG_WORKSHOP_HOME: freshHome(), ...env } });

  // The lesson echoes its secret and sends it in a header; its check expects another value, so
  // a run that got the secret ends 4 (a failed check) with the value masked, never 3 (missing).
  it('from the environment variable of the same name (a trusted lesson)', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'kw-report-')), 'report.json');
    const result = await run(['run', lesson, ...gateway, '--trust', '--format', 'json', '--report-file', report], {
      API_TOKEN: CANARY,
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('token is ********');
    expectNowhere(result, home);
    expect(readFileSync(report, 'utf8')).not.toContain(CANARY);
  });

  it('from --secret-file NAME=PATH, without its final line break', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kw-secret-')), 'token');
    writeFileSync(file, `${CANARY}\n`, { mode: 0o600 });
    const result = await run(['run', lesson, ...gateway, '--trust', '--secret-file', `API_TOKEN=${file}`]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('token is ********');
    expectNowhere(result, home);
  });

  it('from --secret-env NAME=VARIABLE', async () => {
    const result = await run(['run', lesson, ...gateway, '--trust', '--secret-env', 'API_TOKEN=MY_TOKEN'], {
      MY_TOKEN: CANARY,
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('token is ********');
    expectNowhere(result, home);
  });

  it('a lesson from elsewhere, not trusted, does not get an environment variable by naming it', async () => {
    // `check` runs no commands, so it needs no --trust; the lesson still cannot read API_TOKEN.
    const result = await run(['check', lesson, ...gateway], { API_TOKEN: CANARY });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('API_TOKEN has no value');
    expect(result.stdout).toContain('--secret-env API_TOKEN');
    expectNowhere(result, home);
  });

  it('KONNECT_TOKEN=kpat_… in the environment is the konnect target’s token', async () => {
    const token = `kpat_${CANARY}`;
    const result = await run(['check', '02-key-auth', '--target', 'konnect', '--var', 'PROXY=http://127.0.0.1:9'], {
      KONNECT_TOKEN: token,
      PATH: konnectTools(),
    });
    // Past the token: the next thing the target checks is the data plane, which is not there.
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach the data plane proxy at http://127.0.0.1:9');
    expectNowhere(result, home, token);
  });

  it('without it, the konnect target says where a token may come from, none of them argv', async () => {
    const result = await run(['check', '02-key-auth', '--target', 'konnect'], {
      KONNECT_TOKEN: '',
      PATH: konnectTools(),
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the konnect target needs KONNECT_TOKEN');
    expect(result.stderr).toContain(
      'hint: set KONNECT_TOKEN in the environment, or pass --secret-file KONNECT_TOKEN=PATH',
    );
  });

  it.each([
    [['--secret-file', 'API_TOKEN=/no/such/file'], 'cannot read it (ENOENT)'],
    [['--secret-file', 'API_TOKEN'], '--secret-file expects NAME=PATH'],
    [['--secret-env', 'API_TOKEN=KW_UNSET_VARIABLE'], 'the environment variable KW_UNSET_VARIABLE is not set'],
    [['--secret-env', 'api_token'], 'variable names are upper case letters, digits and _'],
    [['--secret', `API_TOKEN=${CANARY}`, '--secret-env', 'API_TOKEN=HOME'], 'API_TOKEN is given twice'],
  ])('a bad secret flag is a usage error that shows no value: %j', async (flags, message) => {
    const result = await run(['run', lesson, ...gateway, '--trust', ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: kong-workshop run');
    expectNowhere(result, home);
  });

  it('a FIFO as a secret file is refused at once, not waited on', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'kw-fifo-')), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const result = await run(['run', lesson, ...gateway, '--trust', '--secret-file', `API_TOKEN=${fifo}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a regular file');
  });
});
