import { callAdmin, findRunningSandbox, readSandboxToken } from '@kong-workshop/sandbox/control';
import { TargetError, type Target, type TargetOptions, type TargetSession } from './types.js';
import { errorMessage } from '../shared/index.js';

/** A sandbox a run uses: one already running, one started in the background, or one for this run. */
export interface OpenedSandbox {
  readonly proxyUrl: string;
  readonly adminUrl: string;
  /** The kube lab's Kubernetes API, when the sandbox runs one. */
  readonly kubeUrl?: string;
  readonly token: string | undefined;
  /** How it came to be, for the run's header: "(started for this run)". */
  readonly how: string;
  close(): Promise<void>;
}

/**
 * Uses the sandbox that is already running (started by `kong-workshop sandbox start` or the
 * TUI); otherwise starts one for this run that stops with it, or, with settings.sandbox
 * `daemon`, one in the background that keeps running. A sandbox started for one run has a kube
 * lab only when the run needs it (`kubeLab`); a background one always has it.
 */
export async function openSandbox(
  { settings, log }: Pick<TargetOptions, 'settings' | 'log'>,
  kubeLab = false,
): Promise<OpenedSandbox> {
  const running = await findRunningSandbox();
  if (running) return { ...running, token: readSandboxToken(), how: '', close: async () => {} };
  try {
    // The sandbox itself is loaded only to start one: listing targets must stay light.
    const { startWorkshopSandbox, startWorkshopSandboxDaemon } = await import('../sandbox-host/index.js');
    if (settings.sandbox === 'daemon') {
      log('starting the sandbox in the background…');
      const daemon = await startWorkshopSandboxDaemon({
        proxyPort: port(settings.proxyPort),
        adminPort: port(settings.adminPort),
        kubePort: port(settings.kubePort),
      });
      return {
        ...daemon,
        token: readSandboxToken(),
        how: ' (started; stop it with `kong-workshop sandbox stop`)',
        close: async () => {},
      };
    }
    const sandbox = await startWorkshopSandbox({
      proxyPort: port(settings.proxyPort),
      adminPort: port(settings.adminPort),
      kubePort: port(settings.kubePort),
      adminRequestLog: false,
      kubeLab,
      log,
    });
    return { ...sandbox, how: ' (started for this run)', close: () => sandbox.stop() };
  } catch (error) {
    if (error instanceof TargetError) throw error;
    throw new TargetError(
      'sandbox-failed',
      `the sandbox could not start: ${errorMessage(error)}`,
      'see `kong-workshop sandbox logs`, or try `kong-workshop doctor`',
      { cause: error },
    );
  }
}

/**
 * The embedded gateway, the default target. A sandbox that is already running is used as is;
 * otherwise one starts for this run and stops with it, unless settings.sandbox is `daemon`.
 */
export const sandboxTarget: Target = {
  name: 'sandbox',
  summary: 'the embedded local gateway that ships with kong-workshop; nothing to install (default)',
  async prepare(options) {
    const sandbox = await openSandbox(options);
    try {
      await claimGateway(sandbox, 'sandbox');
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    return session(sandbox);
  },
};

/**
 * Makes the sandbox serve this target's own gateway configuration, so what another target did in
 * the same state folder never changes this one's behaviour (the sandbox's owner.ts says how).
 */
export async function claimGateway(sandbox: OpenedSandbox, owner: 'sandbox' | 'kind-lab'): Promise<void> {
  let status: number;
  try {
    ({ status } = await callAdmin({ adminUrl: sandbox.adminUrl, token: sandbox.token }, 'POST', '/_sandbox/owner', {
      owner,
    }));
  } catch (error) {
    throw new TargetError('sandbox-failed', `the sandbox does not answer: ${errorMessage(error)}`, SEE_LOGS, {
      cause: error,
    });
  }
  // 404: a sandbox from before owners existed, which shares one configuration as it always did.
  if (status === 200 || status === 404) return;
  throw new TargetError(
    'sandbox-failed',
    `the sandbox could not switch to the ${owner} target's configuration (it answered ${status})`,
    SEE_LOGS,
  );
}

const SEE_LOGS = 'see `kong-workshop sandbox logs`';

function session(sandbox: OpenedSandbox): TargetSession {
  let closed = false;
  return {
    name: 'sandbox',
    // `echo` is the host name the sandbox resolves to its built-in echo service.
    vars: {
      PROXY: sandbox.proxyUrl,
      ADMIN: sandbox.adminUrl,
      SANDBOX_TOKEN: sandbox.token ?? '',
      UPSTREAM: 'http://echo',
    },
    secrets: sandbox.token ? [sandbox.token] : [],
    env: {},
    description: `sandbox at ${sandbox.proxyUrl}${sandbox.how}`,
    async close() {
      if (closed) return;
      closed = true;
      await sandbox.close();
    },
  };
}

function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new TargetError(
      'invalid-input',
      `not a port number: ${value}`,
      'give a port from 0 to 65535 (0 picks a free one)',
    );
  return n;
}
