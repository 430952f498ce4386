import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
// From the sandbox's light control entry: its extension entry brings the whole schema engine.
import { SandboxError, type SandboxRuntime } from '@kong-workshop/sandbox/control';
import { apiVersionOf, type KindInfo } from './kinds.js';
import { labCertPath } from './paths.js';

/** An answer of the lab's API: status, parsed JSON, and any `Warning` headers. */
export interface LabResponse {
  readonly status: number;
  readonly body: unknown;
  readonly warnings: readonly string[];
}

/** `/apis/<g>/<v>[/namespaces/<ns>]/<plural>[/<name>]` for a kind. */
export function resourcePath(kind: KindInfo, namespace: string | undefined, name?: string): string {
  const base = kind.group ? `/apis/${apiVersionOf(kind)}` : `/api/${kind.version}`;
  const scoped =
    kind.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}` : base;
  return `${scoped}/${kind.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

/**
 * A small client for the running sandbox's Kubernetes API, for `kong-workshop apply/get/…`:
 * TLS against the lab's own certificate, the sandbox token as bearer.
 */
export class LabClient {
  private dispatcher: Dispatcher | undefined;

  constructor(
    readonly url: string,
    private readonly token: string | undefined,
    private readonly caCert: string,
  ) {}

  /** For the sandbox `runtime.json` describes; fails when that sandbox runs without the lab. */
  static forRuntime(runtime: SandboxRuntime, sandboxDir: string, token: string | undefined): LabClient {
    if (!runtime.kubeUrl)
      throw new SandboxError(
        'KUBE_LAB_OFF',
        `the sandbox (pid ${runtime.pid}) runs without its Kubernetes lab`,
        'restart it: kong-workshop sandbox stop && kong-workshop sandbox start',
      );
    return new LabClient(runtime.kubeUrl, token, readFileSync(labCertPath(sandboxDir), 'utf8'));
  }

  async send(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; accept?: string } = {},
  ): Promise<LabResponse> {
    const { tlsAgent, request } = await import('./transport.js');
    this.dispatcher ??= tlsAgent(this.caCert);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.url}${path}`, {
        method: method as Dispatcher.HttpMethod,
        dispatcher: this.dispatcher,
        headers: {
          accept: options.accept ?? 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
    } catch (error) {
      throw new SandboxError(
        'KUBE_LAB_UNREACHABLE',
        `cannot reach the sandbox's Kubernetes API at ${this.url}`,
        'is the sandbox running? `kong-workshop sandbox status`',
        { cause: error },
      );
    }
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a 404 page): keep the text
    }
    const warning = response.headers.warning;
    const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).map((w) =>
      w.replace(/^299 - "?|"$/g, '').replace(/\\"/g, '"'),
    );
    return { status: response.statusCode, body, warnings };
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }
}
