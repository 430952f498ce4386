import { findRunningSandbox, readSandboxToken, startSandbox, startSandboxDaemon } from '../sandbox/index.js';
import { TargetError, type Target, type TargetSession } from './types.js';

interface SandboxEndpoints {
  readonly proxyUrl: string;
  readonly adminUrl: string;
}

/**
 * The embedded gateway, the default target. A sandbox that is already running (started by
 * `kong-workshop sandbox start` or the TUI) is used as is; otherwise one starts for this run
 * and stops with it, unless settings.sandbox is `daemon` (then it keeps running afterwards).
 */
export const sandboxTarget: Target = {
  name: 'sandbox',
  summary: 'the embedded local gateway that ships with kong-workshop; nothing to install (default)',
  async prepare({ settings, log }) {
    const running = await findRunningSandbox();
    if (running) return session(running, readSandboxToken(), `sandbox at ${running.proxyUrl}`, async () => {});
    try {
      if (settings.sandbox === 'daemon') {
        log('starting the sandbox in the background…');
        const daemon = await startSandboxDaemon({ proxyPort: port(settings.proxyPort), adminPort: port(settings.adminPort) });
        return session(daemon, readSandboxToken(), `sandbox at ${daemon.proxyUrl} (started; stop it with \`kong-workshop sandbox stop\`)`, async () => {});
      }
      const sandbox = await startSandbox({
        proxyPort: port(settings.proxyPort),
        adminPort: port(settings.adminPort),
        adminRequestLog: false,
        log,
      });
      return session(sandbox, sandbox.token, `sandbox at ${sandbox.proxyUrl} (started for this run)`, () => sandbox.stop());
    } catch (error) {
      if (error instanceof TargetError) throw error;
      throw new TargetError('sandbox-failed', `the sandbox could not start: ${(error as Error).message}`, 'see `kong-workshop sandbox logs`, or try `kong-workshop doctor`', { cause: error });
    }
  },
};

function session(endpoints: SandboxEndpoints, token: string | undefined, description: string, close: () => Promise<void>): TargetSession {
  let closed = false;
  return {
    name: 'sandbox',
    // `echo` is the host name the sandbox resolves to its built-in echo service.
    vars: { PROXY: endpoints.proxyUrl, ADMIN: endpoints.adminUrl, SANDBOX_TOKEN: token ?? '', UPSTREAM: 'http://echo' },
    secrets: token ? [token] : [],
    env: {},
    description,
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new TargetError('invalid-input', `not a port number: ${value}`, 'give a port from 0 to 65535 (0 picks a free one)');
  return n;
}
