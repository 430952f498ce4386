import { parse as parseYaml, stringify } from 'yaml';
import type { TargetName } from '../lesson/index.js';
import { SANDBOX_PLUGINS } from '@kong-workshop/sandbox';
import { needTool, newContext, templateOf, type ConvertContext } from './context.js';
import { emptyDeckState } from './deck-state.js';
import { findSiteData } from './site.js';
import {
  parseCurl,
  parseHttpResponse,
  stableHeaders,
  stableJson,
  type CurlRequest,
  type HttpResponseShown,
} from './curl.js';
import { applyDrift } from './drift.js';
import type { PageResult } from './devdocs.js';
import type { DraftLesson, DraftStep, Piece } from './lesson-writer.js';
import type { DroppedTarget } from './report.js';

/**
 * Pages without structured validations (Hugo workshops, the older docs) show a command, then
 * what it prints. This turns such a page into steps: heredoc files become file blocks, deck syncs
 * become the target's sync, a curl followed by an HTTP response becomes a check, and successive
 * responses of one request become a sequence.
 */

export interface CommandBlock {
  readonly kind: 'fence';
  readonly lang: string;
  readonly body: string;
  readonly line: number;
  /** A Hugo `{{<highlight>}}` block: meant to be run. */
  readonly command: boolean;
}

export type PageChunk = { readonly kind: 'text'; readonly text: string; readonly line: number } | CommandBlock;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits markdown into prose and fenced blocks (Hugo highlight shortcodes count as fences). */
export function chunksOf(body: string, firstLine: number): PageChunk[] {
  const lines = body.split('\n');
  const chunks: PageChunk[] = [];
  let prose: string[] = [];
  let proseLine = firstLine;
  const flush = () => {
    if (prose.join('').trim()) chunks.push({ kind: 'text', text: prose.join('\n'), line: proseLine });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const highlight = /^\s*\{\{<\s*highlight\s*([^>]*)>\}\}\s*$/.exec(line);
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)/.exec(line);
    const directive = /^\s*:::code\{([^}]*)\}\s*$/.exec(line);
    if (highlight || fence || directive) {
      flush();
      const start = i;
      const body: string[] = [];
      const end = highlight
        ? (l: string) => /^\s*\{\{<\s*\/highlight\s*>\}\}\s*$/.test(l)
        : directive
          ? (l: string) => /^\s*:::\s*$/.test(l)
          : (l: string) => l.trim() === fence![2];
      for (i++; i < lines.length && !end(lines[i]!); i++) body.push(lines[i]!.slice(fence ? fence[1]!.length : 0));
      const lang = highlight
        ? (highlight[1]!.trim().split(/\s+/)[0] ?? '')
        : directive
          ? (/language=(\w+)/.exec(directive[1] ?? '')?.[1] ?? 'sh')
          : fence![3]!;
      chunks.push({
        kind: 'fence',
        lang,
        body: body.join('\n'),
        line: firstLine + start,
        command: Boolean(highlight || directive),
      });
      proseLine = firstLine + i + 1;
      continue;
    }
    if (!prose.length) proseLine = firstLine + i;
    prose.push(line);
  }
  flush();
  return chunks;
}

interface PendingCurl {
  readonly request: CurlRequest;
  readonly line: number;
}

/** Per request (its command text), what the last shown response left on the rate-limit counters. */
interface Counter {
  remaining: number;
  limit: number;
}

/** A fresh conversion context for one page, with the site data found beside it and an empty deck state. */
export function pageContext(
  file: string,
  targets: TargetName[],
  options: { readonly prefer: string | undefined; readonly modernise: boolean },
): ConvertContext {
  return newContext({
    targets,
    site: findSiteData(file, undefined),
    modernise: options.modernise,
    prefer: options.prefer,
    deck: emptyDeckState(),
  });
}

/** How pages write the proxy's address: a variable the docs set up, or the default local port. */
const PROXY_URL = new RegExp(
  String.raw`^\$\{?(DATA_PLANE_LB|DATA_PLANE_URL|PROXY_IP|KONNECT_PROXY_URL|PROXY|PROXY_URL)\}?` +
    String.raw`|^(https?:\/\/)?localhost:8000|^(https?:\/\/)?127\.0\.0\.1:8000`,
);

export class CommandPageConverter {
  readonly steps: DraftStep[] = [];
  readonly intro: Piece[] = [];

  /**
   * The page as an import result: its steps (for a page with nothing to run, one step that says so, since a
   * lesson needs a step), its targets and all the converter noticed on the way.
   */
  pageResult(page: {
    id: string;
    targets: TargetName[];
    dropped: DroppedTarget[];
    tools: DraftLesson['tools'];
    introNote: string;
    cleanup: Piece[];
  }): PageResult {
    const { id, targets, dropped } = page;
    const steps: DraftStep[] = this.steps.length
      ? this.steps
      : [
          {
            title: this.pageTitle,
            pieces: [{ kind: 'prose', text: 'This page only explains; there is nothing to run.' }],
            hints: [],
          },
        ];
    return {
      id,
      targets,
      dropped,
      validations: this.ctx.validations,
      notes: this.ctx.notes,
      drift: this.ctx.drift,
      draft: {
        id,
        title: this.pageTitle,
        targets,
        tools: page.tools,
        vars: Object.fromEntries(this.ctx.declared),
        intro: [...this.intro, { kind: 'prose', text: page.introNote }],
        steps,
        cleanup: page.cleanup,
      },
    };
  }
  readonly files = new Map<string, Record<string, unknown>>();
  readonly plugins = new Set<string>();
  usesKubectl = false;
  shown = 0;
  private current: DraftStep | undefined;
  private pending: PendingCurl | undefined;
  private readonly counters = new Map<string, Counter>();
  private windowStarted = false;

  constructor(
    private readonly ctx: ConvertContext,
    private readonly pageTitle: string,
  ) {}

  private push(...pieces: Piece[]): void {
    if (!this.current) {
      if (pieces.every((p) => p.kind === 'prose')) {
        this.intro.push(...pieces);
        return;
      }
      this.current = { title: this.pageTitle, pieces: [], hints: [] };
      this.steps.push(this.current);
    }
    this.current.pieces.push(...pieces);
  }

  convert(chunks: readonly PageChunk[]): void {
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (chunk.kind === 'text') {
        this.text(chunk.text, chunk.line);
        continue;
      }
      this.fence(chunk);
    }
    this.flushPending();
  }

  private text(text: string, line: number): void {
    const lines = text.split('\n');
    let prose: string[] = [];
    const flush = () => {
      const joined = applyDrift(prose.join('\n'), line, this.ctx.modernise, this.ctx.drift);
      if (joined.trim()) this.push({ kind: 'prose', text: cleanProse(joined) });
      prose = [];
    };
    for (const l of lines) {
      const heading = /^##\s+(.+?)\s*#*\s*$/.exec(l);
      if (heading) {
        flush();
        this.flushPending();
        this.current = { title: (heading[1] ?? '').replace(/[`*]/g, '').trim(), pieces: [], hints: [] };
        this.steps.push(this.current);
        continue;
      }
      if (/^\s*\{:.*\}\s*$/.test(l)) continue;
      prose.push(l);
    }
    flush();
  }

  private fence(block: CommandBlock): void {
    const body = block.body;
    // A transcript: "# curl …" / "% curl …" on the first line, the response below it.
    const transcript = /^\s*[#%$]\s+(curl\s.*)$/m.exec(body.split('\n')[0] ?? '');
    if (transcript) {
      const request = parseCurl(transcript[1]!);
      const response = parseHttpResponse(body.split('\n').slice(1).join('\n'));
      if (request && response) {
        this.flushPending();
        this.push({ kind: 'fence', lang: 'sh', body: transcript[1]!, role: 'display' });
        this.check(request, response, block.line, body);
        return;
      }
    }
    const response = parseHttpResponse(body);
    if (response && this.pending && !/^\s*curl\s/m.test(body)) {
      const pending = this.pending;
      this.pending = undefined;
      this.check(pending.request, response, block.line, body);
      return;
    }
    if (/^\s*(creating|updating|deleting) .*\n|^Summary:/m.test(body) && !block.command) {
      this.push({ kind: 'fence', lang: 'output', body, role: 'output' });
      return;
    }
    const heredoc = /^cat\s*>\s*(\S+)\s*<<\s*(['"]?)(\w+)\2\s*\n([\s\S]*?)\n\3\s*$/.exec(body.trim());
    if (heredoc) {
      this.flushPending();
      this.heredoc(heredoc[1] ?? '', heredoc[4] ?? '', heredoc[2] !== '', block.line);
      return;
    }
    const sync = /^deck\s+gateway\s+(sync|apply)\b(.*)$/.exec(body.trim());
    if (sync && !body.trim().includes('\n')) {
      this.flushPending();
      this.deckSync(sync[1] ?? '', sync[2] ?? '', block.line);
      return;
    }
    const curl = parseCurl(body.trim());
    if (curl && !body.trim().includes('\n')) {
      this.flushPending();
      this.pending = { request: curl, line: block.line };
      this.push({ kind: 'fence', lang: 'sh', body: body.trim(), role: 'display' });
      return;
    }
    this.flushPending();
    if (/\bkubectl\b/.test(body)) this.usesKubectl = true;
    if (block.command || /^(sh|bash|shell|console)$/.test(block.lang)) this.shown++;
    this.push({
      kind: 'fence',
      lang: block.lang === '' && block.command ? 'sh' : sanitize(block.lang),
      body,
      role: 'display',
    });
  }

  /** A curl shown without a response still says something: that it works (a 2xx or the shown status). */
  private flushPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    if (!this.isProxy(pending.request.url)) return;
    this.ctx.validations.push({
      line: pending.line,
      kind: 'curl (no output shown)',
      outcome: 'converted',
      detail: 'check (the request is answered, status < 500)',
    });
    this.push({
      kind: 'check',
      flavour: 'http',
      spec: {
        name: `${pending.request.method} ${this.path(pending.request.url)} is answered`,
        request: this.request(pending.request, pending.line),
        expect: { status: { lt: 500 } },
        eventually: { timeout: '30s', interval: '1s' },
      },
    });
  }

  private isProxy(url: string): boolean {
    return PROXY_URL.test(url);
  }

  private isAdmin(url: string): boolean {
    return /^(https?:\/\/)?(localhost|127\.0\.0\.1):8001/.test(url);
  }

  private path(url: string): string {
    return url.replace(/^\$\{?[A-Z_]+\}?|^(https?:\/\/)?(localhost|127\.0\.0\.1):800[01]/, '') || '/';
  }

  private request(
    curl: CurlRequest,
    line: number,
    targets: readonly TargetName[] = this.ctx.targets,
  ): Record<string, unknown> {
    const base = this.isAdmin(curl.url) ? '{{ADMIN}}' : '{{PROXY}}';
    const request: Record<string, unknown> = {
      method: curl.method,
      url: `${base}${templateOf(this.ctx, this.path(curl.url), targets, line)}`,
    };
    const headers = Object.fromEntries(
      Object.entries(curl.headers).map(([k, v]) => [k, templateOf(this.ctx, v, targets, line)]),
    );
    if (Object.keys(headers).length) request.headers = headers;
    if (curl.json !== undefined) request.json = curl.json;
    else if (curl.form) request.form = curl.form;
    else if (curl.body !== undefined) request.body = curl.body;
    return request;
  }

  private check(curl: CurlRequest, shown: HttpResponseShown, line: number, raw: string): void {
    const admin = this.isAdmin(curl.url);
    if (!admin && !this.isProxy(curl.url)) {
      this.ctx.validations.push({
        line,
        kind: 'expected-output',
        outcome: 'todo',
        detail: `the request goes to ${curl.url}, which is neither the proxy nor the Admin API`,
      });
      this.push(
        {
          kind: 'prose',
          text:
            `> **TODO (page line ${line})**: the page shows what \`${curl.method} ${curl.url}\` answers; check ` +
            `it by hand.`,
        },
        { kind: 'fence', lang: 'output', body: raw, role: 'output' },
      );
      return;
    }
    const modern = applyDrift(raw, line, this.ctx.modernise, this.ctx.drift);
    const current = this.ctx.modernise ? (parseHttpResponse(modern) ?? shown) : shown;
    const headers = stableHeaders(current);
    const json = stableJson(current);
    const key = `${curl.method} ${curl.url} ${JSON.stringify(curl.headers)}`;
    const remainingName = Object.keys(headers).find((h) => /^RateLimit-Remaining$/i.test(h));
    const remaining = remainingName ? Number(headers[remainingName]) : undefined;
    const limitName = Object.keys(headers).find((h) => /^RateLimit-Limit$/i.test(h));
    const before = this.counters.get(key);
    const targets: readonly TargetName[] = admin
      ? this.ctx.targets.filter((t) => t === 'sandbox' || t === 'gateway')
      : this.ctx.targets;
    if (targets.length === 0) {
      this.ctx.validations.push({
        line,
        kind: 'expected-output',
        outcome: 'todo',
        detail: 'an Admin API request on a page without an Admin API target',
      });
      return;
    }
    const request = this.request(curl, line, targets);
    if (admin && targets.includes('sandbox'))
      request.headers = {
        ...(isRecord(request.headers) ? request.headers : {}),
        Authorization: { 'by-target': { sandbox: 'Bearer {{SANDBOX_TOKEN}}' } },
      };
    const name = `${curl.method} ${this.path(curl.url)}${
      Object.keys(curl.headers).length
        ? ` with ${Object.entries(curl.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')}`
        : ''
    }`;
    let spec: Record<string, unknown>;
    let detail: string;
    if (before && remaining !== undefined && before.remaining - remaining >= 1) {
      // Successive answers to one request: the requests between them are a sequence.
      const count = current.status >= 400 ? before.remaining + 1 : before.remaining - remaining;
      const statuses = Array.from({ length: count }, (_, i) => (i === count - 1 ? current.status : 200));
      const countdown = Array.from({ length: count }, (_, i) => Math.max(before.remaining - 1 - i, 0));
      const series: Record<string, unknown> = {
        status: compress(statuses),
        headers: Object.fromEntries(
          Object.keys(headers)
            .filter((h) => /remaining/i.test(h))
            .map((h) => [h, countdown]),
        ),
      };
      const steady = Object.fromEntries(
        Object.entries(headers).filter(([h]) => /limit/i.test(h) && !/remaining/i.test(h)),
      );
      const last: Record<string, unknown> = {
        headers: Object.fromEntries(Object.entries(headers).filter(([h]) => /retry-after|ratelimit-reset/i.test(h))),
      };
      if (json) last.json = json;
      spec = {
        name: `${count} × ${name}: the count goes down to ${current.status}`,
        request,
        repeat: count,
        expect: { headers: steady },
        series,
        last,
      };
      detail =
        `check (sequence of ${count}: remaining ${countdown.join(', ')}, then ` +
        `${current.status}${current.status === 429 ? ' with Retry-After' : ''})`;
    } else {
      const expect: Record<string, unknown> = { status: current.status };
      if (before && remaining !== undefined && remaining >= before.remaining) {
        // The page's count did not go down: it was taken in a later window. Only an upper bound holds.
        for (const h of Object.keys(headers)) if (/remaining/i.test(h)) headers[h] = { gte: 0, lte: remaining };
        this.ctx.notes.push({
          line,
          message:
            `the page shows the same rate-limit count again (${remaining}), from a later window; the check ` +
            `asserts at most ${remaining}`,
        });
      }
      if (Object.keys(headers).length) expect.headers = headers;
      if (json) expect.json = json;
      spec = { name: `${name} → ${current.status}`, request, expect };
      // Counting requests must not be retried: a retry would spend the budget the page shows.
      if (remaining === undefined) spec.eventually = { timeout: '30s', interval: '1s' };
      detail = `check (status ${[current.status, ...Object.keys(headers), ...(json ? ['message'] : [])].join(', ')})`;
      if (remaining !== undefined && limitName && Number(headers[limitName]) - 1 === remaining) this.freshWindow();
    }
    if (remaining !== undefined)
      this.counters.set(key, { remaining, limit: limitName ? Number(headers[limitName]) : remaining + 1 });
    this.ctx.validations.push({ line, kind: 'expected-output', outcome: 'converted', detail });
    this.push(
      { kind: 'check', flavour: 'http', spec, ...(admin ? { targets } : {}) },
      { kind: 'fence', lang: 'output', body: raw, role: 'output' },
    );
  }

  /** The first counted request of a window: on the sandbox, start a fresh one so the count is the page's. */
  private freshWindow(): void {
    // Once: a later advance would also reset the counters the page is still counting down.
    if (this.windowStarted) return;
    this.windowStarted = true;
    this.push({
      kind: 'fence',
      lang: 'sh',
      attrs: ['run'],
      role: 'run',
      targets: ['sandbox'],
      body: 'kong-workshop sandbox advance 60s',
    });
  }

  private heredoc(file: string, content: string, quoted: boolean, line: number): void {
    let parsed: unknown;
    try {
      parsed = parseYaml(content);
    } catch {
      parsed = undefined;
    }
    const deck = isRecord(parsed) && parsed._format_version !== undefined;
    if (deck && isRecord(parsed)) {
      const retargeted = retargetServices(parsed);
      if (retargeted.changed)
        this.ctx.notes.push({
          line,
          message:
            `${file}: services pointing at ${retargeted.changed} point at the target's upstream ` +
            `({{UPSTREAM}}) instead`,
        });
      this.files.set(file, retargeted.value);
      for (const name of pluginNames(retargeted.value)) this.plugins.add(name);
      const targets = this.ctx.targets.filter((t) => t === 'sandbox' || t === 'konnect' || t === 'gateway');
      this.push({
        kind: 'fence',
        lang: 'yaml',
        attrs: [`file=${file}`],
        role: 'file',
        targets,
        body: stringify(retargeted.value, { lineWidth: 0 }).replace(/\{\{(?!UPSTREAM\}\})/g, '\\{{'),
      });
      return;
    }
    if (!quoted && /\$[A-Z{]/.test(content)) {
      this.shown++;
      this.push({ kind: 'fence', lang: 'sh', body: `cat > ${file} << EOF\n${content}\nEOF`, role: 'display' });
      return;
    }
    this.push({ kind: 'fence', lang: fileLang(file), attrs: [`file=${file}`, 'raw'], role: 'file', body: content });
  }

  private deckSync(verb: string, rest: string, line: number): void {
    const words = rest.trim().split(/\s+/).filter(Boolean);
    const file = words
      .filter(
        (w, i) =>
          !w.startsWith('-') &&
          !(words[i - 1] ?? '').match(
            /^--(konnect-token|konnect-addr|konnect-control-plane-name|select-tag|headers?)$/,
          ),
      )
      .pop();
    if (!file) {
      this.ctx.notes.push({ line, message: 'a deck sync without a file; shown only' });
      this.push({ kind: 'fence', lang: 'sh', body: `deck gateway ${verb}${rest}`, role: 'display' });
      return;
    }
    needTool(
      this.ctx,
      this.ctx.targets.filter((t) => t === 'konnect' || t === 'gateway'),
      'deck',
    );
    this.ctx.validations.push({
      line,
      kind: 'deck-output',
      outcome: 'converted',
      detail: `the sync runs as a step command (it fails the step on a non-zero exit)`,
    });
    this.push(
      {
        kind: 'fence',
        lang: 'sh',
        attrs: ['run'],
        role: 'run',
        targets: ['sandbox'],
        body: `kong-workshop sandbox ${verb} ${file}`,
      },
      {
        kind: 'fence',
        lang: 'sh',
        attrs: ['run'],
        role: 'run',
        targets: ['gateway'],
        body: `deck gateway ${verb} ${file}`,
      },
      {
        kind: 'fence',
        lang: 'sh',
        attrs: ['run', 'timeout=2m'],
        role: 'run',
        targets: ['konnect'],
        body:
          `deck gateway ${verb} ${file} --konnect-token "$KONNECT_TOKEN" --konnect-addr "$KONNECT_SERVER_URL" ` +
          `--konnect-control-plane-name "$CONTROL_PLANE"`,
      },
    );
  }

  /** Which targets the page can keep, once every file and request is known. */
  finalTargets(wanted: readonly TargetName[]): { targets: TargetName[]; dropped: DroppedTarget[] } {
    const dropped: DroppedTarget[] = [];
    let targets = [...wanted];
    if (targets.includes('sandbox')) {
      const missing = [...this.plugins].filter((p) => !(SANDBOX_PLUGINS as readonly string[]).includes(p));
      if (missing.length)
        dropped.push({
          target: 'sandbox',
          reason: `the sandbox does not have the plugin${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        });
      else if (this.usesKubectl)
        dropped.push({ target: 'sandbox', reason: 'the page applies Kubernetes resources with kubectl' });
      if (dropped.some((d) => d.target === 'sandbox')) targets = targets.filter((t) => t !== 'sandbox');
    }
    return { targets, dropped };
  }
}

function compress(values: readonly number[]): (number | string)[] {
  const out: (number | string)[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[i]) j++;
    const run = j - i + 1;
    out.push(run > 1 ? `${values[i]} x${run}` : values[i]!);
    i = j + 1;
  }
  return out;
}

function pluginNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(pluginNames);
  if (!isRecord(value)) return [];
  const own = Array.isArray(value.plugins) ? value.plugins.filter(isRecord).map((p) => String(p.name)) : [];
  return [
    ...own,
    ...Object.entries(value)
      .filter(([k]) => k !== 'plugins')
      .flatMap(([, v]) => pluginNames(v)),
    ...(Array.isArray(value.plugins) ? value.plugins.flatMap(pluginNames) : []),
  ];
}

/** Services at a host the page's own cluster or httpbin serves point at the target's upstream instead. */
function retargetServices(file: Record<string, unknown>): {
  value: Record<string, unknown>;
  changed: string | undefined;
} {
  let changed: string | undefined;
  const services = Array.isArray(file.services)
    ? file.services.map((s) => {
        if (!isRecord(s) || typeof s.host !== 'string' || !/httpbin/.test(s.host)) return s;
        changed = s.host;
        const { host: _h, port: _p, protocol: _pr, path: _pa, ...rest } = s;
        return { ...rest, url: '{{UPSTREAM}}' };
      })
    : file.services;
  return { value: { ...file, ...(services !== undefined ? { services } : {}) }, changed };
}

function fileLang(file: string): string {
  const ext = /\.(\w+)$/.exec(file)?.[1] ?? '';
  return ext === 'yml' ? 'yaml' : ext || 'text';
}

function sanitize(lang: string): string {
  const clean = lang.replace(/[^A-Za-z0-9_+-]/g, '');
  return ['check', 'vars', 'output'].includes(clean) ? 'text' : clean;
}

/** Hugo's notices and Workshop Studio's alerts as plain blockquotes; images and shortcodes dropped from the text. */
function cleanProse(text: string): string {
  return text
    .replace(/\{\{%\s*notice\s+\w+\s*%\}\}/g, '>')
    .replace(/\{\{%\s*\/notice\s*%\}\}/g, '')
    .replace(/\{\{[<%][^}]*[>%]\}\}/g, '')
    .replace(/::alert\[([^\]]*)\]\{[^}]*\}/g, '> $1');
}
