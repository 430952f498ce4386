import type { TargetName } from '../lesson/index.js';
import { labHasKind, localServiceGap } from './capabilities.js';
import { templateOf, needTool, type ConvertContext } from './context.js';
import { rateLimitFor } from './deck-state.js';
import type { Piece } from './lesson-writer.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** Kong CRDs and Gateway API kinds the pages check, so a check can name their apiVersion. */
const KIND_VERSIONS: Readonly<Record<string, string>> = {
  KonnectAPIAuthConfiguration: 'konnect.konghq.com/v1alpha1',
  KonnectGatewayControlPlane: 'konnect.konghq.com/v1alpha2',
  KonnectExtension: 'konnect.konghq.com/v1alpha2',
  KonnectCloudGatewayNetwork: 'konnect.konghq.com/v1alpha1',
  KonnectCloudGatewayDataPlaneGroupConfiguration: 'konnect.konghq.com/v1alpha1',
  KonnectCloudGatewayTransitGateway: 'konnect.konghq.com/v1alpha1',
  KongService: 'configuration.konghq.com/v1alpha1',
  KongRoute: 'configuration.konghq.com/v1alpha1',
  KongUpstream: 'configuration.konghq.com/v1alpha1',
  KongTarget: 'configuration.konghq.com/v1alpha1',
  KongCertificate: 'configuration.konghq.com/v1alpha1',
  KongCACertificate: 'configuration.konghq.com/v1alpha1',
  KongSNI: 'configuration.konghq.com/v1alpha1',
  KongKey: 'configuration.konghq.com/v1alpha1',
  KongKeySet: 'configuration.konghq.com/v1alpha1',
  KongVault: 'configuration.konghq.com/v1alpha1',
  KongPluginBinding: 'configuration.konghq.com/v1alpha1',
  KongDataPlaneClientCertificate: 'configuration.konghq.com/v1alpha1',
  KongCredentialBasicAuth: 'configuration.konghq.com/v1alpha1',
  KongCredentialAPIKey: 'configuration.konghq.com/v1alpha1',
  KongCredentialACL: 'configuration.konghq.com/v1alpha1',
  KongCredentialJWT: 'configuration.konghq.com/v1alpha1',
  KongCredentialHMAC: 'configuration.konghq.com/v1alpha1',
  KongConsumerGroup: 'configuration.konghq.com/v1beta1',
  KongConsumer: 'configuration.konghq.com/v1',
  KongPlugin: 'configuration.konghq.com/v1',
  KongClusterPlugin: 'configuration.konghq.com/v1',
  KongIngress: 'configuration.konghq.com/v1',
  KongUpstreamPolicy: 'configuration.konghq.com/v1beta1',
  DataPlane: 'gateway-operator.konghq.com/v1beta1',
  ControlPlane: 'gateway-operator.konghq.com/v2beta1',
  GatewayConfiguration: 'gateway-operator.konghq.com/v2beta1',
  Gateway: 'gateway.networking.k8s.io/v1',
  GatewayClass: 'gateway.networking.k8s.io/v1',
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  GRPCRoute: 'gateway.networking.k8s.io/v1',
  TLSRoute: 'gateway.networking.k8s.io/v1alpha2',
  TCPRoute: 'gateway.networking.k8s.io/v1alpha2',
  UDPRoute: 'gateway.networking.k8s.io/v1alpha2',
  Ingress: 'networking.k8s.io/v1',
  Service: 'v1',
  Secret: 'v1',
  Deployment: 'apps/v1',
  Certificate: 'cert-manager.io/v1',
  Issuer: 'cert-manager.io/v1',
};

/** `apikey: x` / `'apikey:x'` header strings as a map. */
export function headerMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const items = Array.isArray(list)
    ? list
    : isRecord(list)
      ? Object.entries(list).map(([k, v]) => `${k}: ${String(v)}`)
      : [];
  for (const item of items) {
    const text = str(item);
    if (!text) continue;
    const at = text.indexOf(':');
    if (at <= 0) continue;
    out[text.slice(0, at).trim()] = text.slice(at + 1).trim();
  }
  return out;
}

/** The proxy-relative URL of a validation, for `targets`. */
function proxyUrl(
  ctx: ConvertContext,
  payload: Record<string, unknown>,
  targets: readonly TargetName[],
  line: number,
): string {
  const path = str(payload.url) ?? '/';
  const base = str(payload.on_prem_url) ?? str(payload.konnect_url);
  if (
    base &&
    !/^\$?(PROXY_IP|KONNECT_PROXY_URL)$|^\$\{?(PROXY_IP|KONNECT_PROXY_URL)\}?$|^https?:\/\/localhost:8000\/?$/.test(
      base,
    )
  ) {
    return templateOf(ctx, joinUrl(base, path), targets, line);
  }
  return `{{PROXY}}${templateOf(ctx, path.startsWith('/') ? path : `/${path}`, targets, line)}`;
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function templated(ctx: ConvertContext, value: unknown, targets: readonly TargetName[], line: number): unknown {
  if (typeof value === 'string') return templateOf(ctx, value, targets, line);
  if (Array.isArray(value)) return value.map((v) => templated(ctx, v, targets, line));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templated(ctx, v, targets, line)]));
  return value;
}

/** `.data[0].id` (jq) → `data[0].id` (a check's JSON path); undefined when jq does more than select. */
function jqPath(jq: string): string | undefined {
  const trimmed = jq.trim().replace(/^"|"$/g, '');
  if (!/^\.[A-Za-z0-9_.[\]"-]*$/.test(trimmed)) return undefined;
  const path = trimmed.replace(/^\./, '');
  return path === '' ? undefined : path;
}

function requestOf(
  ctx: ConvertContext,
  payload: Record<string, unknown>,
  url: string,
  targets: readonly TargetName[],
  line: number,
  extraHeaders: Record<string, string> = {},
): Record<string, unknown> {
  const method = (str(payload.method) ?? 'GET').toUpperCase();
  const headers = {
    ...extraHeaders,
    ...(templated(ctx, headerMap(payload.headers), targets, line) as Record<string, string>),
  };
  const request: Record<string, unknown> = { method, url };
  if (Object.keys(headers).length) request.headers = headers;
  // `user: "name:password"` is curl's -u: basic authentication.
  const user = str(payload.user);
  if (user !== undefined) {
    const colon = user.indexOf(':');
    const [username, password] = colon < 0 ? [user, ''] : [user.slice(0, colon), user.slice(colon + 1)];
    request.basicAuth = templated(ctx, { username, password }, targets, line);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    if (payload.body !== undefined) request.json = templated(ctx, payload.body, targets, line);
    else if (isRecord(payload.form_data))
      request.form = templated(
        ctx,
        Object.fromEntries(Object.entries(payload.form_data).map(([k, v]) => [k, String(v)])),
        targets,
        line,
      );
  }
  return request;
}

/** `capture`, `extract_body`, `extract_headers` → extract; each variable is defined from the next block on. */
function extractOf(
  ctx: ConvertContext,
  payload: Record<string, unknown>,
  line: number,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const item of [
    ...(Array.isArray(payload.capture) ? payload.capture : []),
    ...(Array.isArray(payload.extract_body) ? payload.extract_body : []),
  ]) {
    if (!isRecord(item)) continue;
    const variable = str(item.variable);
    const path = jqPath(str(item.jq) ?? str(item.name) ?? '');
    if (!variable || !/^[A-Z][A-Z0-9_]*$/.test(variable)) continue;
    if (!path) {
      ctx.notes.push({
        line,
        message: `capture of ${variable} uses jq beyond a path (${str(item.jq) ?? ''}); not extracted`,
      });
      continue;
    }
    out[variable] = /TOKEN|SECRET|PASSWORD/.test(variable) ? { from: `json.${path}`, secret: true } : `json.${path}`;
  }
  for (const item of Array.isArray(payload.extract_headers) ? payload.extract_headers : []) {
    if (isRecord(item) && str(item.variable) && str(item.name)) out[str(item.variable)!] = `header.${str(item.name)!}`;
  }
  for (const name of Object.keys(out)) ctx.defined.add(name);
  return Object.keys(out).length ? out : undefined;
}

const EVENTUALLY = { timeout: '30s', interval: '1s' };

export interface Converted {
  readonly pieces: Piece[];
}

/** One `{% validation kind %}` → checks (and a window reset before a rate-limit sequence). */
export function convertValidation(
  ctx: ConvertContext,
  kind: string,
  payload: Record<string, unknown>,
  line: number,
): Piece[] {
  const config = { ...ctx.site.validationDefaults(kind), ...payload };
  const all = ctx.targets;
  const done = (detail: string, pieces: Piece[]) => {
    ctx.validations.push({ line, kind, outcome: 'converted', detail });
    return pieces;
  };
  const todo = (why: string) => {
    ctx.validations.push({ line, kind, outcome: 'todo', detail: why });
    return [todoPiece(kind, line, why, payload)];
  };
  switch (kind) {
    case 'request-check':
    case 'unauthorized-check':
    case 'traffic-generator': {
      if (!str(config.url)) return todo('the block has no url');
      const url = proxyUrl(ctx, config, all, line);
      const request = requestOf(ctx, config, url, all, line);
      const status = Number(config.status_code ?? (kind === 'unauthorized-check' ? 401 : 200));
      const expect: Record<string, unknown> = { status };
      if (kind === 'unauthorized-check') {
        const explicit = str(payload.message);
        const noKey = !Object.keys(isRecord(request.headers) ? request.headers : {}).some((h) =>
          /apikey|authorization|key/i.test(h),
        );
        const message =
          explicit ??
          (noKey && (ctx.deck.plugins !== undefined || hasKeyAuth(ctx))
            ? 'No API key found in request'
            : str(config.message));
        if (message) expect.json = { message };
        if (!explicit && noKey)
          ctx.notes.push({
            line,
            message:
              "no key is sent, so Kong answers 'No API key found in request' (the page's default 'Unauthorized' is " +
              'the answer to a wrong key)',
          });
      }
      if (Array.isArray(config.expected_headers))
        expect.headers = Object.fromEntries(
          Object.entries(headerMap(config.expected_headers)).map(([k, v]) => [k, v === '' ? { present: true } : v]),
        );
      const count = Number(kind === 'traffic-generator' ? (config.iterations ?? 1) : (config.count ?? 1));
      const spec: Record<string, unknown> = { name: checkName(kind, request, status, count), request };
      if (count > 1) spec.repeat = count;
      spec.expect = expect;
      const extract = extractOf(ctx, config, line);
      if (extract) spec.extract = extract;
      if (count === 1) spec.eventually = EVENTUALLY;
      if (config.insecure || config.mtls)
        ctx.notes.push({
          line,
          message: 'the page turns off TLS verification (-k) or sends a client certificate; the check does not',
        });
      return done(
        count > 1
          ? `check (${count} requests, status ${status})`
          : `check (status ${status}${expect.json ? ', message' : ''})`,
        [{ kind: 'check', flavour: 'http', spec }],
      );
    }
    case 'rate-limit-check':
      return done(...rateLimitCheck(ctx, config, payload, line));
    case 'custom-command': {
      const command = str(config.command);
      const expected = isRecord(config.expected) ? config.expected : {};
      if (!command) return todo('the block has no command');
      const targets = commandTargets(ctx, command);
      if (targets.length === 0)
        return todo(`the command needs a target this page does not have (${command.split('\n')[0]})`);
      const service = targets.includes('sandbox') ? localServiceGap(command) : undefined;
      if (service) ctx.sandboxGaps.push({ reason: service, line });
      const spec: Record<string, unknown> = {
        name: `\`${shortCommand(command)}\` works`,
        run: templateForShell(command),
      };
      spec.exit = Number(expected.return_code ?? 0);
      const text = str(expected.message) ?? str(expected.stdout);
      if (text?.trim()) spec.stdout = { contains: firstLine(text) };
      const stderr = str(expected.stderr);
      if (stderr?.trim() && text === undefined) spec.stderr = { contains: firstLine(stderr) };
      return done('check cmd', [{ kind: 'check', flavour: 'cmd', spec, targets }]);
    }
    case 'vault-secret': {
      const secret = str(config.secret);
      const value = str(config.value);
      if (!secret || value === undefined) return todo('the block needs secret and value');
      const command = str(config.command);
      // One check, the Kong container named per target (the page's on_prem / konnect containers).
      const containers = { gateway: 'kong-quickstart-gateway', konnect: '$KONNECT_DP_CONTAINER' } as const;
      const on = all.filter((t): t is 'gateway' | 'konnect' => t === 'gateway' || t === 'konnect');
      if (on.length === 0)
        return todo(
          'vault-secret runs `kong vault get` inside a Kong container, which only the gateway and konnect targets have',
        );
      const runFor = (t: 'gateway' | 'konnect') =>
        templateForShell(
          command ? `${command} kong vault get ${secret}` : `docker exec ${containers[t]} kong vault get ${secret}`,
        );
      const run =
        on.length === 1 || command
          ? runFor(on[0]!)
          : { 'by-target': Object.fromEntries(on.map((t) => [t, runFor(t)])) };
      needTool(ctx, on, 'docker');
      const pieces: Piece[] = [
        {
          kind: 'check',
          flavour: 'cmd',
          targets: on,
          spec: { name: `the vault resolves ${secret}`, run, stdout: { contains: value } },
        },
      ];
      return done('check cmd (kong vault get)', pieces);
    }
    case 'grpc-check': {
      const method = str(config.method);
      if (!method) return todo('the block has no method');
      if (!all.includes('gateway'))
        return todo('grpcurl needs a Kong listening for gRPC, which only the gateway target has');
      const host = (str(config.on_prem_url) ?? 'localhost').replace(/^https?:\/\//, '');
      const port = str(config.port) ?? (config.plaintext === false ? '9081' : '9080');
      const payloadJson = config.payload === undefined ? '' : `-d '${JSON.stringify(config.payload)}' `;
      const flags = [
        config.plaintext === false ? '-insecure' : '-plaintext',
        str(config.authority) ? `-authority ${str(config.authority)}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const run = `grpcurl ${payloadJson}${flags} ${host}:${port} ${method}`;
      const spec: Record<string, unknown> = { name: `gRPC ${method} answers`, run: templateForShell(run) };
      const leaf = firstLeaf(config.response);
      if (leaf !== undefined) spec.stdout = { contains: leaf };
      needTool(ctx, ['gateway'], 'grpcurl');
      return done('check cmd (grpcurl)', [{ kind: 'check', flavour: 'cmd', targets: ['gateway'], spec }]);
    }
    case 'kubernetes-resource':
    case 'kubernetes-wait-for':
    case 'kubernetes-resource-property':
      return kubeCheck(ctx, kind, config, line, done, todo);
    case 'env-variables':
      return todo('env-variables is a set-up block, not a check');
    default:
      return todo(`unknown validation kind '${kind}'`);
  }
}

function hasKeyAuth(ctx: ConvertContext): boolean {
  return JSON.stringify(ctx.deck).includes('"key-auth"');
}

function rateLimitCheck(
  ctx: ConvertContext,
  config: Record<string, unknown>,
  payload: Record<string, unknown>,
  line: number,
): [string, Piece[]] {
  const iterations = Number(config.iterations ?? 6);
  const url = proxyUrl(ctx, config, ctx.targets, line);
  const request = requestOf(ctx, config, url, ctx.targets, line);
  const headers = headerMap(config.headers);
  const apiKey = Object.entries(headers).find(([k]) => /apikey|key/i.test(k))?.[1];
  const facts = rateLimitFor(ctx.deck, apiKey);
  const message =
    payload.message === null
      ? undefined
      : (str(payload.message) ?? facts?.message ?? str(config.message) ?? 'API rate limit exceeded');
  const refusal = Number(payload.status_code ?? facts?.status ?? config.status_code ?? 429);
  const spec: Record<string, unknown> = {
    name: `${iterations} requests: the limit holds, then ${refusal}`,
    request,
    repeat: iterations,
  };
  const smallest = facts?.windows.length ? [...facts.windows].sort((a, b) => a.limit - b.limit)[0] : undefined;
  const limit = smallest?.limit;
  const series: Record<string, unknown> = {};
  let detail: string;
  if (limit !== undefined && limit < iterations) {
    series.status = [...runOf(200, limit), ...runOf(refusal, iterations - limit)];
    const remaining = Array.from({ length: iterations }, (_, i) => Math.max(limit - 1 - i, 0));
    const seriesHeaders: Record<string, unknown> = { 'RateLimit-Remaining': remaining };
    if (facts?.plugin === 'rate-limiting' && smallest)
      seriesHeaders[`X-RateLimit-Remaining-${smallest.name}`] = remaining;
    series.headers = seriesHeaders;
    spec.expect = {
      headers: {
        'RateLimit-Limit': limit,
        ...(facts?.plugin === 'rate-limiting' && smallest ? { [`X-RateLimit-Limit-${smallest.name}`]: limit } : {}),
      },
    };
    detail =
      `check (sequence: ${limit} × 200 with RateLimit-Remaining ${limit - 1}…0, ` + `then ${refusal} with Retry-After)`;
  } else if (payload.status_code !== undefined) {
    // The page expects the refusal without saying how many requests pass first.
    series.status = [...runOf(null, iterations - 1), refusal];
    detail = `check (${iterations} requests; the last is ${refusal} with Retry-After)`;
  } else {
    series.status = [...runOf(200, iterations - 1), refusal];
    spec.expect = { headers: { 'RateLimit-Limit': { present: true } } };
    detail =
      `check (sequence: ${iterations - 1} × 200, then ${refusal} with Retry-After; the limit is not in the ` +
      `page's configuration)`;
  }
  spec.series = series;
  const last: Record<string, unknown> = {
    headers: { 'Retry-After': smallest ? { gte: 1, lte: smallest.seconds } : { gte: 1 } },
  };
  if (message) last.json = { message };
  spec.last = last;
  if (config.grep)
    ctx.notes.push({
      line,
      message:
        `the page greps the responses for ${String(config.grep)}; the check asserts the statuses and ` +
        `rate-limit headers instead`,
    });
  const pieces: Piece[] = [];
  // Counting starts from a fresh window: earlier requests of the page may have spent part of it.
  const fresh: Piece[] = [
    {
      kind: 'prose',
      text: 'The sequence starts in a fresh rate-limit window, so the counts are the ones the page shows.',
    },
    {
      kind: 'fence',
      lang: 'sh',
      attrs: ['run'],
      role: 'run',
      targets: ['sandbox', 'kind-lab'],
      body: 'kong-workshop sandbox advance 60s',
    },
    {
      kind: 'fence',
      lang: 'sh',
      attrs: ['run', 'timeout=75s'],
      role: 'run',
      targets: ['gateway', 'konnect', 'kind'],
      body: 'sleep $((60 - 10#$(date -u +%S)))',
    },
  ];
  if (smallest && smallest.seconds <= 60) pieces.push(...fresh);
  pieces.push({ kind: 'check', flavour: 'http', spec });
  return [detail, pieces];
}

/** `count` copies of a series value, in the format's `200 x5` shorthand. */
function runOf(value: number | null, count: number): (number | string | null)[] {
  if (count <= 0) return [];
  return count === 1 ? [value] : [`${value} x${count}`];
}

function kubeCheck(
  ctx: ConvertContext,
  kind: string,
  config: Record<string, unknown>,
  line: number,
  done: (d: string, p: Piece[]) => Piece[],
  todo: (why: string) => Piece[],
): Piece[] {
  const kube = ctx.targets.filter((t) => t === 'kind' || t === 'kind-lab');
  if (kube.length === 0) return todo('a Kubernetes check on a page without a Kubernetes target');
  const resourceKind = str(config.kind);
  const name = str(kind === 'kubernetes-wait-for' ? config.resource : config.name);
  if (!resourceKind || !name)
    return todo(
      kind === 'kubernetes-resource-property' && config.name_selector
        ? 'the resource is picked with a yq selector, which a check cannot express'
        : 'the block needs kind and name',
    );
  const canonical = canonicalKind(resourceKind);
  const apiVersion = ctx.kinds.get(canonical) ?? KIND_VERSIONS[canonical];
  if (!apiVersion) return todo(`unknown Kubernetes kind ${resourceKind}`);
  const namespace = str(config.namespace) ?? 'kong';
  const resource = { apiVersion, kind: canonical, name: templateOf(ctx, name, kube, line), namespace };
  const targets: TargetName[] = labHasKind(canonical) ? kube : kube.filter((t) => t === 'kind');
  if (targets.length === 0) return todo(`the kind lab does not have ${canonical}`);
  if (kind === 'kubernetes-resource') {
    const type = str(config.conditionType) ?? str(config.type) ?? 'Programmed';
    if ((canonical === 'KongPlugin' || canonical === 'KongClusterPlugin') && type === 'Programmed') {
      return done('check k8s (exists: KIC sets no condition on plugins)', [
        {
          kind: 'check',
          flavour: 'k8s',
          targets,
          spec: { name: `${canonical} ${name} exists`, resource, expect: { exists: true }, eventually: EVENTUALLY },
        },
      ]);
    }
    const condition: Record<string, unknown> = { type, status: str(config.status) ?? 'True' };
    const reason = str(config.reason) ?? (type === 'Programmed' ? 'Programmed' : undefined);
    if (reason) condition.reason = reason;
    return done(`check k8s (condition ${type})`, [
      {
        kind: 'check',
        flavour: 'k8s',
        targets,
        spec: {
          name: `${canonical} ${name} is ${type}`,
          resource,
          expect: { condition },
          eventually: { timeout: '2m', interval: '2s' },
        },
      },
    ]);
  }
  if (kind === 'kubernetes-wait-for') {
    const field = str(config.status_field) ?? '.status.parents[?(@.parentRef.name=="kong")].conditions';
    const type = str(config.status_type) ?? (canonical === 'HTTPRoute' ? 'Programmed' : 'Accepted');
    const expected = str(config.expected) ?? 'True';
    const timeout = str(config.timeout) ?? '30s';
    const path = `{${field}[?(@.type=="${type}")].status}`;
    return done(`check k8s (field ${type} = ${expected})`, [
      {
        kind: 'check',
        flavour: 'k8s',
        targets,
        spec: {
          name: `${canonical} ${name}: ${type} is ${expected}`,
          resource,
          expect: { fields: { [path]: expected } },
          eventually: { timeout: /^\d+$/.test(timeout) ? `${timeout}s` : timeout, interval: '1s' },
        },
      },
    ]);
  }
  const yqPath = str(config.path);
  if (!yqPath || !/^\.[A-Za-z0-9_.[\]"-]+$/.test(yqPath))
    return todo(`the yq path ${yqPath ?? '(none)'} is not a plain path`);
  const expected = config.expected === undefined ? { exists: true } : str(config.expected);
  return done('check k8s (field)', [
    {
      kind: 'check',
      flavour: 'k8s',
      targets,
      spec: {
        name: `${canonical} ${name} has ${yqPath}`,
        resource,
        expect: { fields: { [`{${yqPath}}`]: expected } },
        eventually: EVENTUALLY,
      },
    },
  ]);
}

function canonicalKind(kind: string): string {
  const lower = kind.toLowerCase();
  return Object.keys(KIND_VERSIONS).find((k) => k.toLowerCase() === lower) ?? kind;
}

/** Remembers a kind the page applied, with its apiVersion. */
export function rememberKind(ctx: ConvertContext, manifest: unknown): void {
  if (isRecord(manifest) && typeof manifest.kind === 'string' && typeof manifest.apiVersion === 'string')
    ctx.kinds.set(manifest.kind, manifest.apiVersion);
}

function commandTargets(ctx: ConvertContext, command: string): TargetName[] {
  if (/kong-quickstart-gateway|\bdocker\b/.test(command)) return ctx.targets.filter((t) => t === 'gateway');
  if (/KONNECT_DP_CONTAINER/.test(command)) return ctx.targets.filter((t) => t === 'konnect');
  return [...ctx.targets];
}

/** Shell text for a check's `run`: `{{` escaped, `$VARS` left to the shell. */
function templateForShell(command: string): string {
  return command.replace(/\{\{/g, '\\{{');
}

function shortCommand(command: string): string {
  const first = command.trim().split('\n')[0] ?? '';
  return first.length > 50 ? `${first.slice(0, 47)}...` : first;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}

function firstLeaf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim())
    return value.trim().startsWith('{') ? (firstLeaf(safeJson(value)) ?? value.trim().split('\n')[0]) : value;
  if (Array.isArray(value)) for (const v of value) return firstLeaf(v);
  if (isRecord(value))
    for (const v of Object.values(value)) {
      const leaf = firstLeaf(v);
      if (leaf) return leaf;
    }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function checkName(kind: string, request: Record<string, unknown>, status: number, count: number): string {
  const url = String(request.url).replace('{{PROXY}}', '');
  const who = isRecord(request.headers)
    ? Object.entries(request.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')
    : '';
  const base = `${String(request.method)} ${url}${who ? ` with ${who}` : ''}`;
  if (count > 1) return `${count} × ${base} → ${status}`;
  return kind === 'unauthorized-check' ? `${base} is refused (${status})` : `${base} → ${status}`;
}

/** A validation the importer could not judge: shown to the learner as a TODO, with its page line. */
export function todoPiece(kind: string, line: number, why: string, payload: unknown): Piece {
  return {
    kind: 'prose',
    text:
      `> **TODO (page line ${line})**: this \`${kind}\` validation was not turned into a check: ${why}. Verify ` +
      `it by ` +
      `hand:\n>\n${(isRecord(payload) ? Object.entries(payload) : [])
        .map(([k, v]) => `> - \`${k}\`: ` + `\`${JSON.stringify(v)}\``)
        .join('\n')}`,
  };
}
