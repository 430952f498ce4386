import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ensureSelfSignedTls, statePaths, sweepTemporaryFiles } from '@kong-workshop/common';
import { EMPTY_CONFIG_HASH, type ConfigState } from './admin/config-route.js';
import { createAdminHandler } from './admin/server.js';
import { DeviceLogins } from './admin/device-login.js';
import type { Counters } from './admin/kong-info.js';
import { SandboxClock, type Clock } from './clock.js';
import { startEchoServer } from './echo.js';
import { declarativeId, newRequestId } from './ids.js';
import { listenWithFallback } from './listen.js';
import {
  adminLimits,
  createLimitedServer,
  nginxPage,
  proxyLimits,
  type LimitStatus,
  type ListenerLimits,
} from './limits.js';
import { kongErrorPage, SERVER_TOKEN } from './responses.js';
import { loadSavedState, readSavedState, stateSaver } from './persistence.js';
import { ownerFiles, readOwner, writeOwner, type GatewayOwner } from './owner.js';
import { RateLimitCounters } from './plugins/counters.js';
import { compileConfig, type RuntimeConfig } from './proxy/compile.js';
import { createProxyHandler, type ProxyState } from './proxy/handler.js';
import { UpstreamPools } from './proxy/upstream.js';
import { removeRuntimeFile, writeRuntimeFile, type SandboxRuntime } from './runtime.js';
import { emptySnapshot, Store } from './store/store.js';
import { ensureSandboxToken, organizationIdFor } from './token.js';
import type { AttachedKubeLab, KubeLabStarter } from './kube-lab-host.js';

export interface SandboxOptions {
  /** Proxy port; default 8000, 0 for any free port. A taken port falls back to a free one. */
  readonly proxyPort?: number;
  /**
   * HTTPS proxy port (Kong's proxy_listen 8443 ssl, with a self-signed certificate); default 8443, or any free
   * port when `proxyPort` is 0 (tests and parallel sandboxes ask for ephemeral ports that way).
   */
  readonly proxyTlsPort?: number;
  /** Admin API port; default 8001, 0 for any free port. */
  readonly adminPort?: number;
  /** Require the personal access token on the Admin API (default true). */
  readonly auth?: boolean;
  /** Load the saved configuration at start and save every change (default true). */
  readonly persist?: boolean;
  /** Write runtime.json so other processes find this sandbox (default true). */
  readonly advertise?: boolean;
  /** The base clock for rate limiting (tests inject a fake one). */
  readonly clock?: Clock;
  /** Where the token, saved configuration and runtime.json live; default statePaths().sandboxDir. */
  readonly stateDir?: string;
  /** Where progress and problems are written (never tokens or keys). */
  readonly log?: (line: string) => void;
  /** Log every proxied request too (method, path without query, status). */
  readonly accessLog?: boolean;
  /**
   * A Kubernetes lab to run beside the gateway and drive its configuration (the kube lab package's
   * `kubeLab()`); none by default. Injected rather than imported, so the gateway never depends on it.
   */
  readonly kubeLab?: KubeLabStarter;
  /** The proxy listener's limits (default: proxyLimits(), Kong's nginx defaults, KONG_NGINX_HTTP_* overrides). */
  readonly proxyLimits?: ListenerLimits;
  /** The Admin API listener's limits (default: adminLimits(), KONG_NGINX_ADMIN_* overrides). */
  readonly adminLimits?: ListenerLimits;
  /** Log each Admin API request (default true; a sandbox started for one `run` keeps its output clean). */
  readonly adminRequestLog?: boolean;
  /**
   * More host names the built-in echo answers for, like curl's --resolve (tests run Kong's pages,
   * which name httpbin.konghq.com, without the network). None by default.
   */
  readonly echoHosts?: readonly string[];
}

/** A sandbox running in this process. */
export interface RunningSandbox {
  readonly proxyUrl: string;
  /** `https://127.0.0.1:8443`: the same proxy over TLS (self-signed; `curl -k`, as with Kong's default certificate). */
  readonly proxyTlsUrl: string;
  readonly adminUrl: string;
  readonly echoUrl: string;
  /** The kube lab's Kubernetes API (`https://127.0.0.1:6443`), when the lab runs. */
  readonly kubeUrl: string | undefined;
  /** The kube lab's kubeconfig (mode 0600), written at start when the sandbox advertises itself. */
  readonly kubeconfig: string | undefined;
  /** The Admin API token (`kpat_…`); issued even when auth is off, so lessons can show it. */
  readonly token: string;
  readonly auth: boolean;
  /** Moves the rate-limit clock forward. */
  advanceClock(ms: number): void;
  /** Resolves once the configuration changed so far is saved (and the lab has synced it). */
  flush(): Promise<void>;
  /** Closes the listeners, saves, removes runtime.json. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the embedded gateway: proxy, Admin API and echo upstream on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const dir = options.stateDir ?? statePaths().sandboxDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const log = options.log ?? (() => {});
  // Temporary files of a sandbox killed mid-save: the saved files themselves are whole (rename is atomic).
  for (const path of sweepTemporaryFiles(dir)) log(`removed ${path}, left by a sandbox stopped mid-save`);
  const auth = options.auth ?? true;
  const persist = options.persist ?? true;
  const token = ensureSandboxToken(dir);
  const clock = new SandboxClock(options.clock);
  const store = new Store(() => clock.now());
  // The routing table and the /config hash are rebuilt when next read, not on every change: a burst of
  // Admin API writes then costs the same at 10,000 entities as at 10.
  let explicitHash: string | undefined = EMPTY_CONFIG_HASH;
  const configState: ConfigState = {
    get hash() {
      explicitHash ??= createHash('md5').update(JSON.stringify(store.snapshot())).digest('hex');
      return explicitHash;
    },
    set hash(value: string) {
      explicitHash = value;
    },
  };
  let owner: GatewayOwner = persist ? readOwner(dir) : 'shared';
  const restored = persist ? restore(dir, store, configState, log, ownerFiles(owner)) : 0;

  const counters = new RateLimitCounters();
  const echo = await startEchoServer(0);
  const pools = new UpstreamPools(echo.url);
  let compiled: RuntimeConfig | undefined;
  const proxyState: ProxyState = {
    get config() {
      compiled ??= compileConfig(store.snapshot());
      return compiled;
    },
    set config(value: RuntimeConfig) {
      compiled = value;
    },
    counters,
    clock,
    pools,
    log,
    echoHosts: new Set(options.echoHosts),
    tokens: {
      insert: (token) => {
        const result = store.insert('oauth2_tokens', token);
        return result.ok ? result.entity : undefined;
      },
      update: (token, changes) => {
        const result = store.update('oauth2_tokens', token, changes);
        return result.ok ? result.entity : undefined;
      },
      remove: (token) => void store.remove('oauth2_tokens', token),
    },
  };
  const saver = stateSaver(
    dir,
    () => ({ entities: store.snapshot(), configHash: configState.hash }),
    () => store.size(),
    log,
    restored,
    () => {
      // A failed save: memory goes back to the last saved state, so the proxy never serves a change the
      // Admin API refused. When even that cannot be read, memory stays as it is (and said so in the log).
      const saved = readSavedState(dir, ownerFiles(owner));
      const entities =
        saved.status === 'ok' ? saved.entities : saved.status === 'missing' ? emptySnapshot() : undefined;
      if (entities) saver.unsaved(() => store.replace(entities));
    },
  );
  saver.retarget(ownerFiles(owner), restored);
  store.onChange(() => {
    compiled = undefined;
    // Any change invalidates the hash /config?check_hash=1 compares with; /config sets its own after.
    explicitHash = undefined;
  });
  if (persist) store.onEachChange((change) => saver.record(change));

  const proxyHandler = createProxyHandler(proxyState);
  const handleProxy = options.accessLog ? withAccessLog(proxyHandler, log) : proxyHandler;
  const proxy = createLimitedServer(
    options.proxyLimits ?? proxyLimits(),
    (status, headers) => kongErrorPage(KONG_LIMIT_MESSAGES[status], headers, newRequestId()),
    handleProxy,
  );
  // nginx's stub_status numbers, as far as they mean anything here: both listeners' connections and requests.
  const traffic: Counters = { accepted: 0, active: 0, requests: 0 };
  // The Admin API server block has no error_page: nginx's own pages answer (with Kong's Server header).
  // One set of logins for both APIs: a login's access token is accepted by the Admin API and the kube lab alike.
  const logins = new DeviceLogins(token, organizationIdFor(token));
  const admin = createLimitedServer(
    options.adminLimits ?? adminLimits(),
    (status) => {
      const page = nginxPage(status);
      return { ...page, headers: { ...page.headers, Server: SERVER_TOKEN } };
    },
    createAdminHandler({
      traffic,
      store,
      configState,
      token: auth ? token : undefined,
      nodeId: declarativeId('node', dir),
      organizationId: organizationIdFor(token),
      clock,
      counters,
      log,
      requestLog: options.adminRequestLog ?? true,
      saved: () => (persist ? saver.flush() : Promise.resolve({ ok: true as const })),
      owner: () => owner,
      selectOwner: async (next) => {
        if (next === owner) return { ok: true };
        // The lab stops pushing before the configuration changes hands, and resumes once its own is loaded.
        lab?.pauseSync(true);
        await lab?.flush();
        const outcome = persist ? await saver.flush() : ({ ok: true } as const);
        if (!outcome.ok) {
          lab?.pauseSync(owner === 'sandbox');
          return outcome;
        }
        const files = ownerFiles(next);
        if (files !== ownerFiles(owner)) {
          const saved = persist ? loadSavedState(dir, files) : ({ status: 'missing' } as const);
          if (saved.status === 'corrupt')
            log(`the saved ${next} configuration was unreadable (${saved.reason}); it was moved to ${saved.movedTo}`);
          saver.retarget(files, saved.status === 'ok' ? saved.seq : 0);
          saver.unsaved(() => store.replace(saved.status === 'ok' ? saved.entities : emptySnapshot()));
          if (saved.status === 'ok' && saved.configHash !== undefined) configState.hash = saved.configHash;
          counters.clear();
        }
        owner = next;
        if (persist) writeOwner(dir, next);
        lab?.pauseSync(next === 'sandbox');
        return { ok: true };
      },
      logins,
      onReset: () => {
        // The lab first: its objects go, so its controller does not put their configuration back.
        lab?.reset();
        store.replace(emptySnapshot());
        configState.hash = EMPTY_CONFIG_HASH;
        counters.clear();
        clock.reset();
      },
    }),
  );
  for (const server of [proxy, admin]) {
    server.on('connection', (socket) => {
      traffic.accepted++;
      traffic.active++;
      socket.once('close', () => traffic.active--);
    });
  }
  proxy.on('request', () => traffic.requests++);
  // Kong's second proxy listener (8443 ssl), with a self-signed certificate kept in the state folder.
  const tls = ensureSelfSignedTls(join(dir, 'proxy-tls.key'), join(dir, 'proxy-tls.crt'), 'kong-workshop sandbox');
  const proxyTls = createLimitedServer(
    options.proxyLimits ?? proxyLimits(),
    (status, headers) => kongErrorPage(KONG_LIMIT_MESSAGES[status], headers, newRequestId()),
    handleProxy,
    tls,
  );
  proxyTls.on('request', () => traffic.requests++);
  const servers: Server[] = [proxy, proxyTls, admin, echo.server];
  let advertised = false;
  let lab: AttachedKubeLab | undefined;
  try {
    const proxyPort = await listenWithFallback(proxy, options.proxyPort ?? 8000, 'proxy', log);
    const proxyTlsPort = await listenWithFallback(
      proxyTls,
      options.proxyTlsPort ?? (options.proxyPort === 0 ? 0 : 8443),
      'HTTPS proxy',
      log,
    );
    const adminPort = await listenWithFallback(admin, options.adminPort ?? 8001, 'Admin API', log);
    const advertise = options.advertise ?? true;
    if (options.kubeLab) {
      lab = await options.kubeLab({
        sandboxDir: dir,
        authToken: auth ? token : undefined,
        acceptsToken: (given) => logins.isAccessToken(given),
        konnectToken: token,
        organizationId: organizationIdFor(token),
        gateway: store,
        syncPaused: owner === 'sandbox',
        setEchoHosts: (hosts) => {
          proxyState.echoHosts = options.echoHosts?.length ? new Set([...hosts, ...options.echoHosts]) : hosts;
        },
        persist,
        advertise,
        log,
      });
    }
    const runtime: SandboxRuntime = {
      pid: process.pid,
      proxyUrl: `http://127.0.0.1:${proxyPort}`,
      proxyTlsUrl: `https://127.0.0.1:${proxyTlsPort}`,
      adminUrl: `http://127.0.0.1:${adminPort}`,
      echoUrl: echo.url,
      ...(lab ? { kubeUrl: lab.url } : {}),
      auth,
      startedAt: new Date().toISOString(),
    };
    if (advertise) {
      writeRuntimeFile(dir, runtime);
      advertised = true;
    }
    const sweep = setInterval(() => counters.sweep(clock.now()), 30_000).unref();
    let stopping: Promise<void> | undefined;
    return {
      proxyUrl: runtime.proxyUrl,
      proxyTlsUrl: runtime.proxyTlsUrl ?? '',
      adminUrl: runtime.adminUrl,
      echoUrl: runtime.echoUrl,
      kubeUrl: lab?.url,
      kubeconfig: lab?.kubeconfig,
      token,
      auth,
      advanceClock: (ms) => clock.advance(ms),
      flush: async () => {
        await lab?.flush();
        await saver.flush();
      },
      stop: () =>
        (stopping ??= (async () => {
          clearInterval(sweep);
          await lab?.stop();
          await Promise.all(servers.map(closeServer));
          await pools.close();
          await saver.flush();
          if (advertised) removeRuntimeFile(dir, process.pid);
        })()),
    };
  } catch (error) {
    await lab?.stop();
    await Promise.all(servers.map(closeServer));
    await pools.close();
    throw error;
  }
}

/** kong/error_handlers.lua BODIES for the statuses a listener limit produces. */
const KONG_LIMIT_MESSAGES: Record<LimitStatus, string> = {
  400: 'Bad request',
  413: 'Payload too large',
  414: 'URI too long',
  494: 'Request header or cookie too large',
};

/** Loads the saved configuration; returns the journal position it reached (0 when nothing was saved). */
function restore(
  dir: string,
  store: Store,
  configState: ConfigState,
  log: (line: string) => void,
  files: string | undefined,
): number {
  const saved = loadSavedState(dir, files);
  if (saved.status === 'ok') {
    store.replace(saved.entities);
    if (saved.configHash !== undefined) configState.hash = saved.configHash;
    return saved.seq;
  }
  if (saved.status === 'corrupt') {
    log(
      `the saved sandbox configuration was unreadable (${saved.reason}); it was moved to ${saved.movedTo} and the ` +
        `sandbox starts empty`,
    );
  }
  return 0;
}

function withAccessLog(
  handler: ReturnType<typeof createProxyHandler>,
  log: (line: string) => void,
): ReturnType<typeof createProxyHandler> {
  return (req, res) => {
    const started = performance.now();
    // The path only: query strings may carry API keys.
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () =>
      log(`proxy ${req.method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms`),
    );
    handler(req, res);
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
