import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Clock, type RunningSandbox, type SandboxOptions } from '../src/index.js';

/** A parsed JSON answer: tests walk into it freely, and their expectations check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: the one place this test file leaves JSON untyped
type Json = any;

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(public ms: number) {}
  now(): number {
    return this.ms;
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Json;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer | FormData;
  readonly json?: unknown;
}

async function send(url: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body as RequestInit['body'];
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Where every fidelity case's clock starts: 30 s into a minute, so minute windows have room either side. */
export const FIDELITY_START = Date.parse('2026-03-10T12:00:30Z');

/**
 * One fidelity table: a sandbox for the table, and for every case an empty configuration and
 * the clock back at FIDELITY_START, so each row holds on its own, in any order.
 */
export function describeFidelity(title: string, cases: readonly FidelityCase[]): void {
  describe(title, () => {
    let sb: TestSandbox;
    beforeAll(async () => {
      sb = await TestSandbox.start();
    });
    afterAll(() => sb.stop());
    beforeEach(async () => {
      sb.clock.ms = FIDELITY_START;
      await sb.admin('POST', '/_sandbox/reset');
    });

    it.each(cases)('$ref $fact', (row) => row.run(sb));
  });
}

/** A real sandbox on ephemeral ports, with helpers to configure it and call it over loopback. */
export class TestSandbox {
  private constructor(
    readonly sandbox: RunningSandbox,
    readonly clock: FakeClock,
    private readonly dir: string,
  ) {}

  static async start(options: Partial<SandboxOptions> & { time?: number } = {}): Promise<TestSandbox> {
    const dir = mkdtempSync(join(tmpdir(), 'kw-sandbox-'));
    const clock = new FakeClock(options.time ?? FIDELITY_START);
    const sandbox = await startSandbox({
      proxyPort: 0,
      adminPort: 0,
      auth: false,
      persist: false,
      advertise: false,
      stateDir: dir,
      clock,
      ...options,
    });
    return new TestSandbox(sandbox, clock, dir);
  }

  admin(method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return send(`${this.sandbox.adminUrl}${path}`, {
      method,
      json,
      headers: { ...(this.sandbox.auth ? { authorization: `Bearer ${this.sandbox.token}` } : {}), ...headers },
    });
  }

  adminRaw(path: string, options: RequestOptions): Promise<HttpAnswer> {
    return send(`${this.sandbox.adminUrl}${path}`, options);
  }

  proxy(path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    return send(`${this.sandbox.proxyUrl}${path}`, options);
  }

  /** Replaces the configuration with a declarative one (format 3.0 added), failing loudly if refused. */
  async configure(config: Record<string, unknown>): Promise<void> {
    const answer = await this.admin('POST', '/config', { _format_version: '3.0', ...config });
    if (answer.status !== 201) throw new Error(`config refused: ${answer.text}`);
  }

  async stop(): Promise<void> {
    await this.sandbox.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One row of a fidelity table: a fact-sheet reference, the fact, and the check of it. */
export interface FidelityCase {
  readonly ref: string;
  readonly fact: string;
  readonly run: (sb: TestSandbox) => Promise<void>;
}

/** The service most cases use: the in-process echo upstream behind route /echo. */
export const echoService = (extra: Record<string, unknown> = {}) => ({
  name: 'echo',
  url: 'http://echo',
  routes: [{ name: 'echo-route', paths: ['/echo'] }],
  ...extra,
});
