import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '@kong-workshop/sandbox';
import {
  LAB_CONTEXT,
  LabClient,
  type LabObject,
  type LabResponse,
  kindOf,
  resourcePath,
  writeKubeconfig,
} from '../src/index.js';
import { kubeLab } from '../src/server-entry.js';

/** A parsed JSON answer: tests walk into it freely, and their expectations check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: the one place this test file leaves JSON untyped
type Json = any;

/** Where a kubeconfig-reading client finds the lab (the shape the workshop's targets use). */
export interface LabKubeAccess {
  readonly kubeconfig: string;
  readonly context: string;
  readonly namespace: string;
}

/**
 * A real sandbox with its kube lab on ephemeral ports, a kubeconfig for it, and a client that
 * talks to its Kubernetes API over TLS with the token, as kubectl and the CLI do.
 */
export class LabSandbox {
  private constructor(
    readonly sandbox: RunningSandbox,
    readonly client: LabClient,
    readonly kube: LabKubeAccess,
    readonly dir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async start(options: Partial<SandboxOptions> & { dir?: string } = {}): Promise<LabSandbox> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kw-lab-'));
    const sandbox = await startSandbox({
      proxyPort: 0,
      adminPort: 0,
      kubeLab: kubeLab({ port: 0 }),
      persist: false,
      advertise: false,
      stateDir: dir,
      ...options,
    });
    const caCert = readFileSync(join(dir, 'kube-lab.crt'), 'utf8');
    const kubeconfig = writeKubeconfig(dir, {
      server: sandbox.kubeUrl!,
      caCert,
      token: sandbox.token,
    });
    return new LabSandbox(
      sandbox,
      new LabClient(sandbox.kubeUrl!, sandbox.token, caCert),
      { kubeconfig, context: LAB_CONTEXT, namespace: 'kong' },
      dir,
      options.dir === undefined,
    );
  }

  /** Server-side applies every document of the YAML (namespace kong unless given), then waits for the controllers. */
  async apply(yaml: string): Promise<LabResponse[]> {
    const responses: LabResponse[] = [];
    for (const document of parseAllDocuments(yaml)) {
      const object = document.toJS() as LabObject | null;
      if (!object) continue;
      const kind = kindOf(object.apiVersion, object.kind);
      if (!kind) throw new Error(`the lab does not serve ${object.apiVersion} ${object.kind}`);
      const namespace = kind.namespaced ? (object.metadata.namespace ?? 'kong') : undefined;
      responses.push(
        await this.client.send(
          'PATCH',
          `${resourcePath(kind, namespace, object.metadata.name)}?fieldManager=test&force=true&fieldValidation=Strict`,
          { body: object, contentType: 'application/apply-patch+yaml' },
        ),
      );
    }
    await this.sandbox.flush();
    return responses;
  }

  /** `kubectl annotate`: a merge patch of metadata.annotations (null removes one). */
  async annotate(
    apiVersion: string,
    kindName: string,
    name: string,
    annotations: Record<string, string | null>,
    namespace = 'kong',
  ): Promise<LabResponse> {
    const kind = kindOf(apiVersion, kindName)!;
    const response = await this.client.send(
      'PATCH',
      resourcePath(kind, kind.namespaced ? namespace : undefined, name),
      { body: { metadata: { annotations } }, contentType: 'application/merge-patch+json' },
    );
    await this.sandbox.flush();
    return response;
  }

  async get(apiVersion: string, kindName: string, name: string, namespace = 'kong'): Promise<LabObject | undefined> {
    const kind = kindOf(apiVersion, kindName)!;
    const response = await this.client.send('GET', resourcePath(kind, kind.namespaced ? namespace : undefined, name));
    return response.status === 200 ? (response.body as LabObject) : undefined;
  }

  async delete(apiVersion: string, kindName: string, name: string, namespace = 'kong'): Promise<LabResponse> {
    const kind = kindOf(apiVersion, kindName)!;
    const response = await this.client.send(
      'DELETE',
      resourcePath(kind, kind.namespaced ? namespace : undefined, name),
    );
    await this.sandbox.flush();
    return response;
  }

  /** Events about an object, as `kubectl describe` lists them. */
  async events(
    name: string,
    namespace = 'kong',
  ): Promise<{ reason: string; message: string; type: string; count: number }[]> {
    const response = await this.client.send(
      'GET',
      `/api/v1/namespaces/${namespace}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
    );
    return ((response.body as { items: Record<string, unknown>[] }).items ?? []).map((e) => ({
      reason: String(e.reason),
      message: String(e.message),
      type: String(e.type),
      count: Number(e.count),
    }));
  }

  async proxy(path: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${this.sandbox.proxyUrl}${path}`, { headers });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  }

  async admin(path: string): Promise<Json> {
    const response = await fetch(`${this.sandbox.adminUrl}${path}`, {
      headers: { authorization: `Bearer ${this.sandbox.token}` },
    });
    return response.json();
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.sandbox.stop();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The echo Service and an Ingress routing /echo to it, as the KIC get-started series sets them up. */
export const ECHO = `
apiVersion: v1
kind: Service
metadata:
  name: echo
  labels: { app: echo }
spec:
  selector: { app: echo }
  ports:
    - { name: http, port: 1027, targetPort: 1027 }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: echo
  annotations:
    konghq.com/strip-path: "true"
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - path: /echo
            pathType: ImplementationSpecific
            backend:
              service:
                name: echo
                port: { number: 1027 }
`;
