import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'undici';
import { closeHttpAgent, evaluateHttpCheck } from '../src/checks/index.js';
import type { HttpCheckSpec, ValueExpectation } from '../src/lesson/index.js';
import { row, timePaired, timeProcess, type Bench } from './lib.js';

const REQUESTS = 100;
const WARM_UP_ROUNDS = 20;

// A bare server in its own process, so the server's work does not share the event loop with
// the client being measured. It answers like the sandbox's rate-limited echo route.
const SERVER = `
const server = require('node:http').createServer((req, res) => {
  const body = JSON.stringify({ message: 'hello', headers: { host: req.headers.host } });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-ratelimit-limit-minute': '1000',
    'x-ratelimit-remaining-minute': '999',
  });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const at = { file: 'bench', line: 1, column: 1 };
const expectation = (value: unknown): ValueExpectation => ({ matchers: [{ op: 'equals', value }], source: at });

function repeatCheck(url: string): HttpCheckSpec {
  return {
    kind: 'http',
    request: { method: 'GET', url, headers: {}, timeoutMs: 10_000 },
    repeat: REQUESTS,
    intervalMs: 0,
    expect: {
      status: expectation(200),
      headers: {
        'X-RateLimit-Limit-Minute': expectation(1000),
        'X-RateLimit-Remaining-Minute': { matchers: [{ op: 'compare', gte: 0 }], source: at },
      },
      json: { message: expectation('hello') },
    },
    series: { headers: {}, json: {} },
    extract: [],
  };
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, url: `http://127.0.0.1:${chunk.toString().trim()}/echo` };
}

export const bench: Bench = {
  title: 'HTTP check overhead',
  async run() {
    const { child, url } = await startServer();
    try {
      const spec = repeatCheck(url);
      const rawAgent = new Agent({ keepAliveTimeout: 4_000 });
      let progressEvents = 0;
      const check = async () => {
        const result = await evaluateHttpCheck(spec, { onProgress: () => progressEvents++ });
        if (result.status !== 'passed')
          throw new Error(
            `bench check did not pass: ${JSON.stringify(result.expectations.find((e) => !e.passed) ?? result.fault)}`,
          );
      };
      const rawLoop = async () => {
        for (let i = 0; i < REQUESTS; i++) {
          const response = await request(url, { dispatcher: rawAgent });
          await response.body.text();
        }
      };
      // Both sides reach steady state (JIT, connections) before timing: the question is what
      // a check adds per request, not how long V8 takes to optimise it.
      for (let i = 0; i < WARM_UP_ROUNDS; i++) {
        await check();
        await rawLoop();
      }
      const paired = await timePaired(check, rawLoop, 51);
      const curlLoop = `for i in $(seq ${REQUESTS}); do curl -s -o /dev/null ${url}; done`;
      const curl = timeProcess('bash', ['-c', curlLoop], { runs: 5 });
      await rawAgent.close();
      await closeHttpAgent();
      return {
        title: this.title,
        method:
          `A \`repeat: ${REQUESTS}\` check (status, two headers and a JSON field on every response, progress ` +
          `reported) against a bare node:http server in a separate process, timed in turn with the same ${REQUESTS} ` +
          `requests in a raw \`undici.request\` loop (keep-alive, body read), median of 51 pairs after ` +
          `${WARM_UP_ROUNDS + 2} warm-up rounds; and a shell loop of ${REQUESTS} \`curl\` calls (median of 5).`,
        rows: [
          row(`\`repeat: ${REQUESTS}\` check`, paired.a, 'ms', `raw undici loop`, paired.b, { max: 1.3 }),
          row(`${REQUESTS} \`curl\` calls in a shell loop`, curl, 'ms', `\`repeat: ${REQUESTS}\` check`, paired.a, {
            min: 20,
          }),
        ],
        notes: [
          `The ratio of the first row is the median of the pairwise ratios, so it need not equal the ratio of the ` +
            `two medians.`,
        ],
      };
    } finally {
      child.kill();
    }
  },
};
