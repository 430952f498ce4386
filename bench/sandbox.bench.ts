import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, median, root, row, type Bench, type BenchRow } from './lib.js';

const run = promisify(execFile);
const CONNECTIONS = 50;
const SECONDS = 5;
const ROUNDS = 3;
const PROBE_REQUESTS = 4000;
const CPU_REQUESTS = 20_000;
const CORES = availableParallelism();
const autocannon = join(root, 'node_modules', '.bin', 'autocannon');

interface LoadResult {
  readonly rps: number;
  readonly p99: number;
  readonly p50: number;
  readonly non2xx: number;
}

/** Waits for the first stdout line matching `pattern`, and keeps draining stdout afterwards. */
function firstMatch(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = pattern.exec(buffered);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}`)));
  });
}

/** p50 and p99 in microseconds of sequential requests on one connection (no queueing). */
async function probeLatency(url: string): Promise<{ p50: number; p99: number }> {
  const { stdout } = await run(process.execPath, [
    join(root, 'bench', 'fixtures', 'latency-probe.mjs'),
    url,
    String(PROBE_REQUESTS),
    'apikey: bench-key',
  ]);
  return JSON.parse(stdout) as { p50: number; p99: number };
}

/**
 * CPU milliseconds (user + system) used so far, from /proc/<pid>/stat (Linux; undefined elsewhere): the
 * process's own, or with `children`, that of the children it has waited for (a finished autocannon run).
 */
function cpuMs(pid: number | 'self' | undefined, whose: 'own' | 'children' = 'own'): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  // Fields after the command name: state is the 1st, utime and stime the 12th and 13th, cutime and cstime
  // the 14th and 15th (in clock ticks of 10 ms).
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const first = whose === 'own' ? 11 : 13;
  return (Number(fields[first]) + Number(fields[first + 1])) * 10;
}

/** CPU time per request, in µs, of the server and of the load generator, over `requests` requests. */
interface CpuPerRequest {
  readonly server: number;
  readonly loadGenerator: number;
}

/** CPU milliseconds of one autocannon process that sends `requests` requests (with its start-up). */
async function autocannonRun(url: string, key: string, requests: number, connections = 20): Promise<number> {
  const before = cpuMs('self', 'children') ?? 0;
  await run(autocannon, ['-c', String(connections), '-a', String(requests), '-j', '-H', `apikey: ${key}`, url], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return (cpuMs('self', 'children') ?? 0) - before;
}

/**
 * The server's own CPU time per request, over `requests` requests: unlike requests/s it does not
 * depend on what else the machine runs (on a loaded 2-core box the throughput rows mostly measure the
 * share of CPU each server gets). And what the load generator spent on the same requests, its
 * start-up (`startupMs`, one request's run) taken off: on 2 cores it competes with the server, and a
 * larger answer costs it more.
 */
async function cpuPerRequest(
  url: string,
  pid: number | undefined,
  key: string,
  requests: number,
  startupMs: number,
): Promise<CpuPerRequest | undefined> {
  const before = cpuMs(pid);
  const clientMs = await autocannonRun(url, key, requests);
  const after = cpuMs(pid);
  if (before === undefined || after === undefined) return undefined;
  return {
    server: ((after - before) / requests) * 1000,
    loadGenerator: (Math.max(0, clientMs - startupMs) / requests) * 1000,
  };
}

async function load(url: string, seconds = SECONDS, key = 'bench-key'): Promise<LoadResult> {
  const { stdout } = await run(
    autocannon,
    ['-c', String(CONNECTIONS), '-d', String(seconds), '-j', '-H', `apikey: ${key}`, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p99: number; p50: number };
    non2xx: number;
    errors: number;
  };
  if (result.errors) throw new Error(`autocannon saw ${result.errors} errors against ${url}`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx };
}

export const bench: Bench = {
  title: 'Sandbox proxy throughput',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'kw-bench-'));
    const children: ChildProcess[] = [];
    try {
      const echo = spawn(process.execPath, [join(root, 'bench', 'fixtures', 'echo-server.mjs')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(echo);
      const echoPort = Number((await firstMatch(echo, /^(\d+)\n/))[1]);
      const shaped = spawn(process.execPath, [join(root, 'bench', 'fixtures', 'echo-server.mjs'), '--kong-shaped'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(shaped);
      const shapedPort = Number((await firstMatch(shaped, /^(\d+)\n/))[1]);
      const sandbox = spawn(
        process.execPath,
        [cli, 'sandbox', 'start', '--foreground', '--proxy-port', '0', '--admin-port', '0', '--no-auth'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, KONG_WORKSHOP_HOME: home },
        },
      );
      children.push(sandbox);
      const [, proxyUrl, adminUrl] = await firstMatch(
        sandbox,
        /proxy (http:\/\/[\d.:]+), Admin API (http:\/\/[\d.:]+)/,
      );
      const plugins = [{ name: 'key-auth' }];
      const config = {
        _format_version: '3.0',
        services: [
          { name: 'builtin-echo', url: 'http://echo', routes: [{ name: 'bench', paths: ['/bench'] }], plugins },
          {
            name: 'loopback-echo',
            url: `http://127.0.0.1:${echoPort}`,
            routes: [{ name: 'loopback', paths: ['/loopback'] }],
            plugins,
          },
          // key-auth + acl (allow the gold group) + rate-limiting scoped to the consumer group: the tiers lesson's
          // route.
          {
            name: 'tiers-echo',
            url: 'http://echo',
            routes: [{ name: 'tiers', paths: ['/tiers'] }],
            plugins: [
              { name: 'key-auth' },
              { name: 'acl', config: { allow: ['gold'], include_consumer_groups: true } },
            ],
          },
        ],
        consumers: [
          {
            username: 'bench',
            keyauth_credentials: [{ key: 'bench-key' }],
            plugins: [{ name: 'rate-limiting', config: { minute: 1e12 } }],
          },
          // The tiers route's consumer: no plugin of its own, so its group's rate-limiting applies.
          { username: 'tiered', keyauth_credentials: [{ key: 'tier-key' }] },
        ],
        consumer_groups: [{ name: 'gold', plugins: [{ name: 'rate-limiting', config: { minute: 1e12 } }] }],
        consumer_group_consumers: [{ consumer_group: 'gold', consumer: 'tiered' }],
      };
      const configured = await fetch(`${adminUrl}/config`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(config),
      });
      if (configured.status !== 201)
        throw new Error(`the sandbox refused the bench config: ${await configured.text()}`);

      const bareUrl = `http://127.0.0.1:${echoPort}/get?x=1`;
      const sandboxUrl = `${proxyUrl}/bench/get?x=1`;
      const loopbackUrl = `${proxyUrl}/loopback/get?x=1`;
      const shapedUrl = `http://127.0.0.1:${shapedPort}/bench/get?x=1`;
      const tiersUrl = `${proxyUrl}/tiers/get?x=1`;
      // warm-up: JIT, connection pools
      for (const url of [bareUrl, sandboxUrl, loopbackUrl, shapedUrl]) await load(url, 2);
      await load(tiersUrl, 2, 'tier-key');
      const bare: LoadResult[] = [];
      const proxied: LoadResult[] = [];
      const loopback: LoadResult[] = [];
      const kongShaped: LoadResult[] = [];
      const tiered: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bare.push(await load(bareUrl));
        proxied.push(await load(sandboxUrl));
        tiered.push(await load(tiersUrl, SECONDS, 'tier-key'));
        loopback.push(await load(loopbackUrl));
        kongShaped.push(await load(shapedUrl));
      }
      const startups: number[] = [];
      for (let round = 0; round < ROUNDS; round++) startups.push(await autocannonRun(bareUrl, 'bench-key', 1, 1));
      const startupMs = median(startups);
      const bareCpu: CpuPerRequest[] = [];
      const tieredCpu: CpuPerRequest[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const bareUs = await cpuPerRequest(bareUrl, echo.pid, 'bench-key', CPU_REQUESTS, startupMs);
        const tieredUs = await cpuPerRequest(tiersUrl, sandbox.pid, 'tier-key', CPU_REQUESTS, startupMs);
        if (bareUs !== undefined && tieredUs !== undefined) {
          bareCpu.push(bareUs);
          tieredCpu.push(tieredUs);
        }
      }
      const serverUs = (runs: CpuPerRequest[]) => median(runs.map((r) => r.server));
      const loadGeneratorUs = (runs: CpuPerRequest[]) => median(runs.map((r) => r.loadGenerator));
      // Both cores' worth of CPU-seconds over what one request costs the server and the load generator:
      // the most requests/s this machine allows, however many workers a server ran.
      const coresAllow = (runs: CpuPerRequest[]) => (CORES * 1e6) / (serverUs(runs) + loadGeneratorUs(runs));
      const bareLatency: number[] = [];
      const proxiedLatency: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bareLatency.push((await probeLatency(bareUrl)).p99);
        proxiedLatency.push((await probeLatency(sandboxUrl)).p99);
      }
      if (proxied.some((r) => r.non2xx) || loopback.some((r) => r.non2xx) || tiered.some((r) => r.non2xx))
        throw new Error('the sandbox answered non-2xx during the bench (key-auth, acl or rate-limiting misconfigured)');

      const bareRps = median(bare.map((r) => r.rps));
      const bareP99 = median(bare.map((r) => r.p99));
      const proxiedP99 = median(proxied.map((r) => r.p99));
      const overhead = proxiedP99 - bareP99;
      const loadedLatencyRow: BenchRow = {
        name: `p99 latency at ${CONNECTIONS} connections, sandbox → built-in echo (whole ms)`,
        value: proxiedP99,
        unit: 'ms',
        baselineName: 'bare echo p99',
        baseline: bareP99,
        ratio: bareP99 > 0 ? proxiedP99 / bareP99 : 1,
        target: `overhead ${overhead.toFixed(0)} ms`,
      };
      const probeBare = median(bareLatency) / 1000;
      const probeProxied = median(proxiedLatency) / 1000;
      const latencyRow: BenchRow = {
        name: 'p99 latency, one connection, sandbox → built-in echo',
        value: probeProxied,
        unit: 'ms',
        baselineName: 'bare echo p99',
        baseline: probeBare,
        ratio: probeProxied / probeBare,
        target: 'overhead < 1 ms',
        met: probeProxied - probeBare < 1,
      };
      return {
        title: this.title,
        method:
          `Throughput: autocannon (separate process), ${CONNECTIONS} connections, ${ROUNDS} rounds of ` +
          `${SECONDS} s after a warm-up, medians. Every request carries an API key; the sandbox runs key-auth ` +
          `(service) and rate-limiting (consumer, never reached) on every request. Baseline: a bare node:http echo ` +
          `server in its own process, measured in the same run, interleaved.`,
        rows: [
          row(
            'requests/s, sandbox → built-in echo (`http://echo`)',
            median(proxied.map((r) => r.rps)),
            'req/s',
            'bare echo',
            bareRps,
            { min: 0.7 },
          ),
          row(
            'requests/s, key-auth + acl + rate-limiting on a consumer-group route → built-in echo',
            median(tiered.map((r) => r.rps)),
            'req/s',
            'bare echo',
            bareRps,
            { min: 0.7 },
          ),
          ...(tieredCpu.length
            ? [
                row(
                  'requests per CPU-second of the server process, the consumer-group route (informational)',
                  1e6 / serverUs(tieredCpu),
                  'req/s',
                  'bare echo',
                  1e6 / serverUs(bareCpu),
                ),
                row(
                  'load generator CPU per request (autocannon), the consumer-group route (informational)',
                  loadGeneratorUs(tieredCpu),
                  'µs',
                  'bare echo',
                  loadGeneratorUs(bareCpu),
                ),
                row(
                  `requests/s ${CORES} cores allow on the consumer-group route, at any number of gateway workers ` +
                    '(informational)',
                  coresAllow(tieredCpu),
                  'req/s',
                  'bare echo',
                  bareRps,
                ),
              ]
            : []),
          latencyRow,
          loadedLatencyRow,
          row(
            'requests/s, sandbox → the bare echo over loopback',
            median(loopback.map((r) => r.rps)),
            'req/s',
            'bare echo',
            bareRps,
          ),
          row(
            "requests/s, bare node:http server sending the sandbox's bytes (no gateway)",
            median(kongShaped.map((r) => r.rps)),
            'req/s',
            'bare echo',
            bareRps,
          ),
          row(
            "requests/s, the consumer-group route against that server: the gateway's own cost (informational)",
            median(tiered.map((r) => r.rps)),
            'req/s',
            "sandbox's bytes",
            median(kongShaped.map((r) => r.rps)),
          ),
        ],
        notes: [
          'The built-in echo is served in-process (the `echo` host), so the first row is the gateway itself: ' +
            'parsing, routing, key-auth, rate-limiting, Kong headers.',
          "The consumer-group row is the tiers lesson's route: key-auth, acl allowing the gold group " +
            '(include_consumer_groups), and rate-limiting scoped to the gold consumer group (resolved through Kong ' +
            "Enterprise's precedence, imitated), with X-Consumer-Groups upstream.",
          `The CPU-second row counts the server process's own CPU time (user + system, /proc) over ` +
            `${CPU_REQUESTS} requests, ${ROUNDS} rounds, medians: what one request costs the gateway, whatever else ` +
            'the machine runs. On a loaded machine the requests/s rows mostly measure how much CPU each server gets.',
          ...(tieredCpu.length
            ? [
                `The load generator runs on the same ${CORES} cores, and its own CPU per request (the same ` +
                  "autocannon runs, their CPU time as this process's waited-for children, less a one-request run's " +
                  'start-up) grows with the answer: it parses every ' +
                  "response in JavaScript, and the sandbox's answer carries Kong's headers and the echo of the " +
                  `upstream headers Kong adds. ${CORES} CPU-seconds a second over server + load generator per ` +
                  'request is the most the machine allows, whatever the gateway does with its cores (one worker or ' +
                  `several): for the bare echo that bound is ${Math.round(coresAllow(bareCpu))} req/s against ` +
                  `${Math.round(bareRps)} measured. The row compares the consumer-group route's bound with the bare ` +
                  "echo's measured requests/s: what no number of gateway workers could pass on this machine.",
              ]
            : []),
          'The loopback row adds a real upstream hop through a keep-alive undici pool: a second HTTP client and ' +
            'server parse per request, on the same 2 cores as the load generator and the echo server, so it cannot ' +
            'approach the bare server; it is informational.',
          "The 'sandbox's bytes' row is a plain node:http server that answers with what the sandbox answers " +
            "(Kong's response headers, and the echo of the upstream headers Kong adds, JSON built per request): it " +
            'shows how much of the gap to the bare echo is the bytes Kong behaviour requires rather than the gateway ' +
            'work, and the row after it compares the consumer-group route with it, so what is left is the ' +
            "gateway's own routing, plugins and header work.",
          `Latency: autocannon reports percentiles in whole milliseconds, and at ${CONNECTIONS} connections on a ` +
            `saturated CPU p99 is mostly queueing (the slower server queues longer). The one-connection row times ` +
            `${PROBE_REQUESTS} sequential requests with hrtime (bench/fixtures/latency-probe.mjs), ${ROUNDS} rounds: ` +
            `the latency the gateway itself adds.`,
        ],
      };
    } finally {
      for (const child of children) child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      rmSync(home, { recursive: true, force: true });
    }
  },
};
