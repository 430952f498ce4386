import { parse as parseYaml, stringify } from 'yaml';
import { BUILTIN_VARIABLES, TARGET_VARIABLES, type TargetName } from '../lesson/index.js';
import { adminPathGap, deckGaps, labHasKind, pluginGap, targetsFor } from './capabilities.js';
import { needTool, newContext, templateOf, type ConvertContext } from './context.js';
import { emptyDeckState, mergeDeck } from './deck-state.js';
import { applyDrift } from './drift.js';
import { completeKonnectCommands } from './konnect-commands.js';
import { escapeBraces, runFence, type DraftLesson, type DraftStep, type Piece } from './lesson-writer.js';
import { firstArgument, parseLiquid, type LiquidNode } from './liquid.js';
import type { PageReport } from './report.js';
import { resolveSiteNames, type SiteData } from './site.js';
import { convertValidation, headerMap, rememberKind, todoPiece } from './validations.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

export interface PageOptions {
  readonly site: SiteData;
  readonly prefer: string | undefined;
  readonly modernise: boolean;
}

export type PageResult = Omit<PageReport, 'lesson' | 'lint' | 'source' | 'kind'> & { readonly draft: DraftLesson };

type Block = Extract<LiquidNode, { type: 'block' }>;

const DECK_TARGETS: readonly TargetName[] = ['sandbox', 'gateway', 'konnect'];
const KUBE_TARGETS: readonly TargetName[] = ['kind-lab', 'kind'];

/** Splits `---` front matter off; `bodyLine` is the page line the body starts on. */
export function splitFrontMatter(text: string): { front: Record<string, unknown>; body: string; bodyLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\s*\r?\n/.exec(text);
  if (!match) return { front: {}, body: text, bodyLine: 1 };
  let front: unknown;
  try {
    front = parseYaml(match[1] ?? '');
  } catch {
    front = {};
  }
  return {
    front: isRecord(front) ? front : {},
    body: text.slice(match[0].length),
    bodyLine: match[0].split('\n').length,
  };
}

/** A developer.konghq.com how-to (Jekyll + Liquid) as a lesson draft. */
export function importDevDocsPage(text: string, options: PageOptions): PageResult {
  const unknownNames = new Set<string>();
  const { front: rawFront, body: rawBody, bodyLine } = splitFrontMatter(text);
  const front = resolveDeep(rawFront, unknownNames) as Record<string, unknown>;
  const body = resolveSiteNames(rawBody, unknownNames);
  const products = strings(front.products);
  const facts = {
    worksOn: strings(front.works_on),
    products,
    plugins: strings(front.plugins),
    entities: strings(front.entities),
    minGateway: isRecord(front.min_version) ? String(front.min_version.gateway ?? '') || undefined : undefined,
  };
  const { targets, dropped } = targetsFor(facts);
  const ctx = newContext({
    targets,
    site: options.site,
    modernise: options.modernise,
    prefer: options.prefer,
    deck: emptyDeckState(),
  });
  const kube = targets.some((t) => KUBE_TARGETS.includes(t));
  const walker = new Walker(ctx, kube, products);

  walker.prerequisites(front);
  walker.walk(parseLiquid(body, bodyLine));
  if (unknownNames.size)
    ctx.notes.push({
      line: 1,
      message: `site names without a known rendering, written as words: ${[...unknownNames].join(', ')}`,
    });
  if (walker.shellBlocks > 0)
    ctx.notes.push({
      line: bodyLine,
      message:
        `${walker.shellBlocks} shell block(s) of the page are shown, not run (they need tools or services ` +
        `outside the lesson's targets)`,
    });

  // The kind lab answers only some kinds: a page that applies others cannot run there.
  let finalTargets = [...targets];
  // What the page turned out to use beyond its front matter (an Enterprise Admin API path, a custom
  // plugin, an upstream or a local service the offline sandbox lacks): the sandbox cannot run it.
  const sandboxGaps = gapReasons([...ctx.sandboxGaps, ...deckGaps(ctx.deck).map((reason) => ({ reason }))]);
  if (finalTargets.includes('sandbox') && sandboxGaps.length) {
    finalTargets = finalTargets.filter((t) => t !== 'sandbox');
    dropped.push({ target: 'sandbox', reason: sandboxGaps.join('; ') });
  }
  const missingKinds = [...walker.appliedKinds].filter((k) => !labHasKind(k));
  if (finalTargets.includes('kind-lab') && missingKinds.length) {
    finalTargets = finalTargets.filter((t) => t !== 'kind-lab');
    dropped.push({ target: 'kind-lab', reason: `the kind lab does not have ${missingKinds.join(', ')}` });
  }
  if (finalTargets.length === 0) {
    finalTargets = kube ? ['kind'] : ['gateway'];
  }
  const id = idOf(front, options);
  const title = typeof front.title === 'string' ? front.title : id;
  const tldr = isRecord(front.tldr) ? front.tldr : {};
  const summary =
    typeof front.description === 'string' ? front.description : typeof tldr.q === 'string' ? tldr.q : undefined;
  const intro: Piece[] = [];
  if (typeof tldr.a === 'string') intro.push({ kind: 'prose', text: tldr.a });
  const todos = ctx.validations.filter((v) => v.outcome === 'todo');
  intro.push({
    kind: 'prose',
    text:
      `> Imported from developer.konghq.com ` +
      `(\`${String(front.permalink ?? id)}\`).${
        todos.length
          ? ` ${todos.length} validation${todos.length > 1 ? 's' : ''} could not be turned into checks ` +
            'and are marked **TODO** with their page line: check those by hand.'
          : ' Every validation of the page is a check here.'
      }`,
  });
  intro.push(...walker.intro);
  const draft: DraftLesson = {
    id,
    title,
    ...(summary ? { summary } : {}),
    targets: finalTargets,
    tools: Object.fromEntries(Object.entries(ctx.tools).map(([t, set]) => [t, [...(set ?? [])].sort()])),
    vars: Object.fromEntries(ctx.declared),
    intro,
    steps: walker.steps,
    cleanup: walker.cleanup(front),
  };
  return {
    id,
    targets: finalTargets,
    dropped,
    validations: ctx.validations,
    notes: ctx.notes,
    drift: ctx.drift,
    draft,
  };
}

/** Each gap once, with the page lines where it shows: `the sandbox's Admin API has no /rbac (page lines 54, 74)`. */
function gapReasons(gaps: readonly { readonly reason: string; readonly line?: number }[]): string[] {
  const lines = new Map<string, number[]>();
  for (const gap of gaps) {
    const seen = lines.get(gap.reason) ?? [];
    if (gap.line !== undefined && !seen.includes(gap.line)) seen.push(gap.line);
    lines.set(gap.reason, seen);
  }
  return [...lines].map(([reason, at]) =>
    at.length ? `${reason} (page line${at.length > 1 ? 's' : ''} ${at.join(', ')})` : reason,
  );
}

function idOf(front: Record<string, unknown>, options: PageOptions): string {
  void options;
  const permalink =
    typeof front.permalink === 'string' ? front.permalink : typeof front.title === 'string' ? front.title : 'page';
  const parts = permalink.split('/').filter(Boolean);
  const slug = (parts[0] === 'how-to' ? parts.slice(1) : parts).join('-');
  return (
    slug
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'page'
  );
}

function resolveDeep(value: unknown, unknown: Set<string>): unknown {
  if (typeof value === 'string') return resolveSiteNames(value, unknown);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, unknown));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, unknown)]));
  return value;
}

/** The body of a block tag as YAML (its lines may be indented to sit in a list). */
function payloadOf(body: string): { value: Record<string, unknown> } | { error: string } {
  const lines = body.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  const text = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  try {
    const value: unknown = parseYaml(text);
    return isRecord(value) ? { value } : { error: 'the block is not a YAML map' };
  } catch (error) {
    return {
      error: `its YAML does not parse (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    };
  }
}

const NAMED_TARGET_TABS: Readonly<Record<string, readonly TargetName[]>> = {
  konnect: ['konnect'],
  'on-prem': ['sandbox', 'gateway'],
  'on prem': ['sandbox', 'gateway'],
  'self-managed': ['sandbox', 'gateway'],
  'self managed': ['sandbox', 'gateway'],
  'kong gateway': ['sandbox', 'gateway'],
};

/** A version badge inside a line (a heading's `{% new_in 3.10 %}`): it reads as text. */
const VERSION_BADGE = /\{%-?\s*new_in\s+([^%]*?)\s*-?%\}/g;

/** Names a choice variable may not take: the run's and the targets' own. */
const RESERVED_NAMES = new Set<string>([...BUILTIN_VARIABLES, ...Object.values(TARGET_VARIABLES).flat()]);

/** Walks a page's Liquid nodes in order, building steps. */
class Walker {
  readonly steps: DraftStep[] = [];
  readonly intro: Piece[] = [];
  readonly appliedKinds = new Set<string>();
  shellBlocks = 0;
  private current: DraftStep | undefined;
  private fileCount = 0;
  private readonly manifests: { file: string; targets: readonly TargetName[] }[] = [];
  /** `{% capture name %}` bodies, parsed: walked where the page uses `{{ name }}`. */
  private readonly captures = new Map<string, readonly LiquidNode[]>();
  /** Choice variables named so far, with their options: see choiceName. */
  private readonly choiceGroups = new Map<string, string>();
  private synced = false;

  constructor(
    private readonly ctx: ConvertContext,
    private readonly kube: boolean,
    _products: readonly string[],
  ) {}

  private stepFor(piece: Piece): DraftStep {
    if (!this.current) {
      this.current = { title: 'Before you start', pieces: [], hints: [] };
      this.steps.push(this.current);
    }
    void piece;
    return this.current;
  }

  private emit(pieces: readonly Piece[], into?: Piece[]): void {
    for (const piece of pieces) {
      if (into) into.push(piece);
      else if (!this.current && piece.kind === 'prose') this.intro.push(piece);
      else this.stepFor(piece).pieces.push(piece);
    }
  }

  prerequisites(front: Record<string, unknown>): void {
    const prereqs = isRecord(front.prereqs) ? front.prereqs : {};
    const pieces: Piece[] = [];
    const entities = isRecord(prereqs.entities) ? prereqs.entities : {};
    const deckTargets = this.ctx.targets.filter((t) => DECK_TARGETS.includes(t));
    if (!this.kube && deckTargets.length) {
      let fragment: Record<string, unknown[]> = {};
      for (const [kind, names] of Object.entries(entities)) {
        for (const name of strings(names)) {
          const example =
            this.ctx.site.entityExample('gateway', kind.replace(/_/g, '-'), name) ??
            this.ctx.site.entityExample('gateway', kind, name);
          if (!example) {
            this.ctx.notes.push({
              line: 1,
              message: `prereqs.entities ${kind}/${name} is not in the site data; left out`,
            });
            continue;
          }
          const section = kind.replace(/-/g, '_');
          const list = fragment[section] ?? [];
          list.push(retargetUpstream(this.ctx, example));
          fragment[section] = list;
        }
      }
      fragment = Object.keys(fragment).length ? fragment : {};
      pieces.push({
        kind: 'prose',
        text:
          'The page starts from a gateway with its example entities (or none). This step writes them to ' +
          '`kong.yaml` and syncs it, replacing whatever the gateway had; later steps add to it.',
      });
      this.ctx.deck = mergeDeck(this.ctx.deck, fragment);
      pieces.push(...this.syncPieces());
    } else if (this.kube) {
      pieces.push({
        kind: 'prose',
        text:
          'The page starts from a cluster with Kong Ingress Controller (or the Kong operator) and the `echo` ' +
          'service installed, as the earlier pages of its series set up.',
      });
      if (Object.keys(entities).length)
        this.ctx.notes.push({
          line: 1,
          message:
            `prereqs.entities for Kubernetes (${Object.keys(entities).join(', ')}) are expected ` + 'to exist already',
        });
    }
    const inline = Array.isArray(prereqs.inline) ? prereqs.inline : [];
    for (const item of inline) {
      if (!isRecord(item)) continue;
      if (typeof item.title === 'string')
        pieces.push({ kind: 'prose', text: `### ${item.title.trim().replace(VERSION_BADGE, '(new in $1)')}` });
      if (typeof item.content === 'string')
        this.walk(parseLiquid(resolveSiteNames(item.content, new Set()), 1), pieces);
      else if (typeof item.include_content === 'string') {
        const included = this.ctx.site.include(`prereqs/${item.include_content}`);
        if (included) this.walk(parseLiquid(resolveSiteNames(included, new Set()), 1), pieces);
        else
          this.ctx.notes.push({
            line: 1,
            message:
              `prerequisite '${item.title ?? item.include_content}' includes ${item.include_content}, which ` +
              `the site data does not have; left out`,
          });
      }
    }
    if (pieces.length) {
      this.current = {
        title: 'Prerequisites',
        pieces,
        hints: [
          "The prerequisites must be in place before the page's own steps: the first command replaces the gateway's " +
            'configuration with the example entities.',
        ],
      };
      this.steps.push(this.current);
    }
  }

  cleanup(front: Record<string, unknown>): Piece[] {
    void front;
    const pieces: Piece[] = [];
    if (this.synced) {
      pieces.push(runFence(['sandbox'], 'kong-workshop sandbox reset'));
      pieces.push(runFence(['gateway'], 'deck gateway reset -f'));
      pieces.push(runFence(['konnect'], konnectDeck('reset -f'), ['run', 'timeout=2m']));
    }
    for (const manifest of [...this.manifests].reverse()) {
      pieces.push(runFence(['kind-lab'], `kong-workshop delete -f ${manifest.file} --ignore-not-found`));
      pieces.push(runFence(['kind'], `kubectl delete -f ${manifest.file} --ignore-not-found`));
    }
    return pieces;
  }

  walk(nodes: readonly LiquidNode[], into?: Piece[]): void {
    for (const node of nodes) {
      if (node.type === 'text') this.text(node.text, node.line, into);
      else if (node.type === 'inline') this.inline(node, into);
      else this.block(node, into);
    }
  }

  /**
   * Page text: where it uses a captured value (`{{ request1 | indent: 3 }}`), the capture's Liquid
   * is walked there, so a request or validation captured for indentation becomes a check like any
   * other (the filter only indents it into a list, which the lesson's blocks do not need).
   */
  private text(raw: string, line: number, into: Piece[] | undefined): void {
    const use = /\{\{-?\s*([A-Za-z_][\w-]*)\s*(?:\|[^}]*)?-?\}\}/g;
    let at = 0;
    for (const match of raw.matchAll(use)) {
      const captured = this.captures.get(match[1] ?? '');
      // Inside a code block the use stays text: a fence cannot hold a check.
      if (!captured || insideFence(raw.slice(0, match.index))) continue;
      const before = raw.slice(at, match.index);
      this.plainText(before, line + lineCount(raw.slice(0, at)), into);
      this.walk(captured, into);
      at = match.index + match[0].length;
    }
    this.plainText(raw.slice(at), line + lineCount(raw.slice(0, at)), into);
  }

  private plainText(raw: string, line: number, into: Piece[] | undefined): void {
    const text = raw
      .replace(/\{\{-?\s*([a-zA-Z_][\w]*)\s*(\|[^}]*)?-?\}\}/g, (whole, name: string) =>
        /^(page|include|site)$/.test(name) ? '' : whole,
      )
      .replace(VERSION_BADGE, '(new in $1)');
    const lines = text.split('\n');
    let prose: string[] = [];
    let proseLine = line;
    const flush = () => {
      const joined = applyDrift(prose.join('\n'), proseLine, this.ctx.modernise, this.ctx.drift);
      if (joined.trim()) this.emit([{ kind: 'prose', text: joined }], into);
      prose = [];
    };
    let fence: { marker: string; lines: string[]; lang: string; indent: string } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const current = lines[i]!;
      if (fence) {
        fence.lines.push(current);
        if (
          current.trim() === fence.marker ||
          (current.trim().startsWith(fence.marker) && current.trim().replace(/`|~/g, '') === '')
        ) {
          // A kramdown `{:.no-copy-code}` right after a fence marks it as output.
          const next = lines[i + 1]?.trim() ?? '';
          const output = /^\{:\s*\.no-copy-code\s*\}$/.test(next);
          const lang = output ? 'output' : fence.lang;
          let body = fence.lines.slice(0, -1);
          if (/^(bash|sh|shell|console|zsh)$/.test(fence.lang) && !output) {
            this.shellBlocks++;
            body = this.completeKonnect(body, line + i - body.length);
          }
          prose.push(`${fence.indent}${fence.marker}${lang}`, ...body, `${fence.indent}${fence.marker}`);
          fence = undefined;
        }
        continue;
      }
      const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)/.exec(current);
      if (open) {
        if (!prose.length) proseLine = line + i;
        fence = { marker: open[2] ?? '', lines: [], lang: sanitizeLang(open[3] ?? ''), indent: open[1] ?? '' };
        continue;
      }
      if (/^\s*\{:.*\}\s*$/.test(current) || /^\s*<!--\s*vale\b.*-->\s*$/.test(current)) continue;
      const heading = /^##\s+(.+?)\s*#*\s*$/.exec(current);
      if (heading && !into) {
        flush();
        this.current = { title: stripMarkdown(heading[1] ?? ''), pieces: [], hints: [] };
        this.steps.push(this.current);
        proseLine = line + i + 1;
        continue;
      }
      if (!prose.length) proseLine = line + i;
      prose.push(heading && into ? current.replace(/^##/, '###') : current);
    }
    if (fence)
      prose.push(`${fence.indent}${fence.marker}${fence.lang}`, ...fence.lines, `${fence.indent}${fence.marker}`);
    flush();
  }

  /** A shown command that talks to Konnect gets the learner's region (see konnect-commands.ts), reported. */
  private completeKonnect(body: readonly string[], firstLine: number): string[] {
    const completed = completeKonnectCommands(body.join('\n'));
    for (const { line, flag } of completed.added)
      this.ctx.notes.push({
        line: firstLine + line,
        message: `added ${flag} "$KONNECT_SERVER_URL" to a shown command: without it, it talks to the US region`,
      });
    return completed.text.split('\n');
  }

  private inline(node: Extract<LiquidNode, { type: 'inline' }>, into: Piece[] | undefined): void {
    if (node.name === 'include' || node.name === 'include_cached') {
      const path = firstArgument(node.args);
      const included = this.ctx.site.include(path);
      if (included) {
        const withParams = included.replace(
          /\{\{\s*include\.(\w+)\s*\}\}/g,
          (_m, key: string) => new RegExp(`${key}=['"]([^'"]*)['"]`).exec(node.args)?.[1] ?? '',
        );
        this.walk(parseLiquid(resolveSiteNames(withParams, new Set()), node.line), into);
      } else {
        this.ctx.notes.push({ line: node.line, message: `{% include ${path} %} is not in the site data; left out` });
      }
      return;
    }
    if (['new_in', 'assign', 'endif', 'else', 'elsif', 'endunless'].includes(node.name)) return;
    this.ctx.notes.push({ line: node.line, message: `{% ${node.name} %} has no lesson equivalent; left out` });
  }

  /** A block's YAML payload, or a note that the block was left out and why. */
  private payloadOrNote(
    node: Extract<LiquidNode, { type: 'block' }>,
    label: string,
  ): Record<string, unknown> | undefined {
    const payload = payloadOf(node.body);
    if ('value' in payload) return payload.value;
    this.ctx.notes.push({ line: node.line, message: `${label}: ${payload.error}; left out` });
    return undefined;
  }

  /** Blocks whose YAML payload becomes lesson pieces with no more to decide. */
  private readonly payloadBlocks: Readonly<Record<string, (value: Record<string, unknown>, block: Block) => Piece[]>> =
    {
      entity_example: (value, block) => this.entityExample(value, block.line),
      konnect_api_request: (value, block) => this.apiRequest(block.name, value, block.line),
      control_plane_request: (value, block) => this.apiRequest(block.name, value, block.line),
      http_request: (value, block) => this.apiRequest(block.name, value, block.line),
      konnect_crd: (value, block) => this.crd(block.name, value, block.line),
      on_prem_crd: (value, block) => this.crd(block.name, value, block.line),
      httproute: (value, block) => this.httpRoute(value, block.line),
    };

  private block(node: Block, into: Piece[] | undefined): void {
    const ctx = this.ctx;
    const fromPayload = Object.hasOwn(this.payloadBlocks, node.name) ? this.payloadBlocks[node.name] : undefined;
    if (fromPayload) {
      const value = this.payloadOrNote(node, node.name);
      if (value) this.emit(fromPayload(value, node), into);
      return;
    }
    switch (node.name) {
      case 'validation': {
        const kind = firstArgument(node.args);
        const payload = payloadOf(node.body);
        if ('error' in payload) {
          ctx.validations.push({ line: node.line, kind, outcome: 'todo', detail: payload.error });
          this.emit([todoPiece(kind, node.line, payload.error, {})], into);
          return;
        }
        this.emit(convertValidation(ctx, kind, payload.value, node.line), into);
        return;
      }
      case 'env_variables': {
        const payload = payloadOf(node.body);
        if ('error' in payload) {
          ctx.notes.push({ line: node.line, message: `env_variables: ${payload.error}` });
          return;
        }
        this.emit(this.envVariables(payload.value, node.line), into);
        return;
      }
      case 'entity_examples': {
        const payload = payloadOf(node.body);
        if ('error' in payload || !isRecord(payload.value.entities)) {
          ctx.notes.push({
            line: node.line,
            message: `entity_examples: ${'error' in payload ? payload.error : 'no entities'}; left out`,
          });
          return;
        }
        this.emit(this.applyDeck(payload.value.entities, payload.value.variables, node.line), into);
        return;
      }
      case 'konnect':
      case 'on_prem': {
        const payload = payloadOf(node.body);
        const content =
          'value' in payload && typeof payload.value.content === 'string' ? payload.value.content : node.body;
        const targets: TargetName[] =
          node.name === 'konnect' ? ['konnect'] : ['sandbox', 'gateway', 'kind', 'kind-lab'];
        const pieces: Piece[] = [];
        if ('value' in payload && typeof payload.value.title === 'string')
          pieces.push({ kind: 'prose', text: `### ${payload.value.title}` });
        this.walk(parseLiquid(content, node.line + 1), pieces);
        this.emit([{ kind: 'part', targets, pieces }], into);
        return;
      }
      case 'navtabs':
        this.emit(this.navtabs(node), into);
        return;
      case 'navtab':
        this.walk(node.children, into);
        return;
      case 'capture':
        this.captures.set(firstArgument(node.args).replace(/^["']|["']$/g, ''), node.children);
        return;
      case 'raw':
        this.text(node.body, node.line, into);
        return;
      case 'comment':
        return;
      case 'mermaid':
        this.emit([{ kind: 'fence', lang: 'mermaid', body: node.body.trim(), role: 'display' }], into);
        return;
      case 'table': {
        const payload = payloadOf(node.body);
        this.emit([{ kind: 'prose', text: 'value' in payload ? tableOf(payload.value) : '' }], into);
        return;
      }
      case 'if':
      case 'unless':
      case 'if_version':
        this.walk(node.children, into);
        return;
      default:
        ctx.notes.push({
          line: node.line,
          message: `{% ${node.name} %} has no lesson equivalent; its text is shown as it stands`,
        });
        this.text(node.body, node.line, into);
    }
  }

  private envVariables(payload: Record<string, unknown>, line: number): Piece[] {
    const vars: Record<string, unknown> = {};
    const exports: string[] = [];
    for (const [name, raw] of Object.entries(payload)) {
      if (['section', 'indent'].includes(name) || name === 'KONG_LICENSE_DATA') continue;
      const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
      if (/\$\(|\$[A-Z{]/.test(value)) {
        exports.push(`export ${name}="${value.replace(/"/g, '\\"')}"`);
        continue;
      }
      const placeholder = value === '' || /YOUR|<[^>]+>|\{[a-z_]+\}|^\.\.\.$|example\.com\/your/i.test(value);
      const secret = /TOKEN|SECRET|PASSWORD|_KEY$/.test(name);
      vars[name] = placeholder
        ? { prompt: `${name} (the page says: ${value || 'set it'})`, ...(secret ? { secret: true } : {}) }
        : { default: value, ...(secret ? { secret: true } : {}) };
      this.ctx.defined.add(name);
      this.ctx.declared.delete(name);
    }
    const pieces: Piece[] = [];
    if (Object.keys(vars).length)
      pieces.push({ kind: 'fence', lang: 'vars', body: stringify(vars, { lineWidth: 0 }), role: 'display' });
    if (exports.length)
      pieces.push({ kind: 'fence', lang: 'sh', attrs: ['run'], role: 'run', body: escapeBraces(exports.join('\n')) });
    if (!pieces.length) this.ctx.notes.push({ line, message: 'env_variables sets nothing the lesson needs' });
    return pieces;
  }

  private syncPieces(): Piece[] {
    this.synced = true;
    const deckTargets = this.ctx.targets.filter((t) => DECK_TARGETS.includes(t));
    needTool(
      this.ctx,
      deckTargets.filter((t) => t !== 'sandbox'),
      'deck',
    );
    return [
      {
        kind: 'fence',
        lang: 'yaml',
        attrs: ['file=kong.yaml'],
        role: 'file',
        targets: deckTargets,
        body: escapeTemplates(stringify(this.ctx.deck, { lineWidth: 0 })),
      },
      runFence(['sandbox'], 'kong-workshop sandbox sync kong.yaml'),
      runFence(['gateway'], 'deck gateway sync kong.yaml'),
      runFence(['konnect'], konnectDeck('sync kong.yaml'), ['run', 'timeout=2m']),
    ];
  }

  private applyDeck(entities: Record<string, unknown>, variables: unknown, line: number): Piece[] {
    if (this.ctx.targets.every((t) => !DECK_TARGETS.includes(t))) {
      this.ctx.notes.push({
        line,
        message: 'entity_examples (a deck file) on a page whose targets do not run deck; shown only',
      });
      return [
        {
          kind: 'fence',
          lang: 'yaml',
          body: stringify({ _format_version: '3.0', ...entities }, { lineWidth: 0 }),
          role: 'display',
        },
      ];
    }
    let fragment = retargetUpstream(this.ctx, entities) as Record<string, unknown>;
    if (isRecord(variables)) fragment = withDeckVariables(this.ctx, fragment, variables, line);
    this.ctx.deck = mergeDeck(this.ctx.deck, fragment);
    return this.applyPieces(fragment);
  }

  /** A fragment applied additively, as the page's `deck gateway apply -` does: what earlier steps made stays. */
  private applyPieces(fragment: Record<string, unknown>): Piece[] {
    this.synced = true;
    const deckTargets = this.ctx.targets.filter((t) => DECK_TARGETS.includes(t));
    needTool(
      this.ctx,
      deckTargets.filter((t) => t !== 'sandbox'),
      'deck',
    );
    const file = `step-${++this.fileCount}.yaml`;
    return [
      {
        kind: 'fence',
        lang: 'yaml',
        attrs: [`file=${file}`],
        role: 'file',
        targets: deckTargets,
        body: escapeTemplates(stringify({ _format_version: '3.0', ...fragment }, { lineWidth: 0 })),
      },
      runFence(['sandbox'], `kong-workshop sandbox apply ${file}`),
      runFence(['gateway'], `deck gateway apply ${file}`),
      runFence(['konnect'], konnectDeck(`apply ${file}`), ['run', 'timeout=2m']),
    ];
  }

  private entityExample(payload: Record<string, unknown>, line: number): Piece[] {
    const type = typeof payload.type === 'string' ? payload.type : 'plugin';
    const data = isRecord(payload.data) ? payload.data : {};
    if (!this.kube) {
      const section = `${type.replace(/-/g, '_')}s`;
      const entity: Record<string, unknown> = { ...data };
      return this.applyDeck({ [section]: [entity] }, payload.variables, line);
    }
    const manifest = kicManifest(type, data);
    if (!manifest) {
      this.ctx.notes.push({
        line,
        message: `entity_example of type ${type} has no Kubernetes form here; shown as YAML`,
      });
      return [{ kind: 'fence', lang: 'yaml', body: stringify(data, { lineWidth: 0 }), role: 'display' }];
    }
    const pieces = this.applyManifest(manifest, line);
    const annotate = annotationOf(type, data);
    if (annotate) pieces.push(...this.annotate(annotate, line));
    return pieces;
  }

  private applyManifest(manifest: Record<string, unknown> | readonly Record<string, unknown>[], line: number): Piece[] {
    const list = Array.isArray(manifest) ? manifest : [manifest];
    for (const m of list) {
      rememberKind(this.ctx, m);
      if (typeof m.kind === 'string') this.appliedKinds.add(m.kind);
    }
    void line;
    const file = `manifest-${++this.fileCount}.yaml`;
    const kubeTargets = this.ctx.targets.filter((t) => KUBE_TARGETS.includes(t));
    this.manifests.push({ file, targets: kubeTargets });
    needTool(
      this.ctx,
      kubeTargets.filter((t) => t === 'kind'),
      'kubectl',
    );
    const body = list.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
    const modern = applyDrift(body, line, this.ctx.modernise, this.ctx.drift);
    return [
      {
        kind: 'fence',
        lang: 'yaml',
        attrs: [`file=${file}`],
        role: 'file',
        targets: kubeTargets,
        body: escapeTemplates(modern),
      },
      runFence(['kind-lab'], `kong-workshop apply -f ${file}`),
      { kind: 'fence', lang: 'sh', attrs: ['run'], role: 'run', targets: ['kind'], body: `kubectl apply -f ${file}` },
    ];
  }

  private annotate(annotation: { kind: string; name: string; value: string; route: boolean }, line: number): Piece[] {
    const command = (tool: string, kind: string) =>
      `${tool} annotate -n kong ${kind} ${annotation.name} konghq.com/plugins=${annotation.value} --overwrite`;
    const pieces = (kind: string): Piece[] => [
      runFence(['kind-lab'], command('kong-workshop', kind)),
      { kind: 'fence', lang: 'sh', attrs: ['run'], role: 'run', targets: ['kind'], body: command('kubectl', kind) },
    ];
    if (!annotation.route) return pieces(annotation.kind);
    return this.choose(
      'api',
      [
        { label: 'Gateway API', pieces: pieces('httproute') },
        { label: 'Ingress', pieces: pieces('ingress') },
      ],
      line,
    );
  }

  /**
   * A learner's choice: every tab becomes a `::: choice=` part, the --prefer'd one (or the page's
   * first) first, so it is the default a headless run takes.
   */
  private choose(group: string, options: readonly { label: string; pieces: Piece[] }[], line: number): Piece[] {
    if (options.length === 0) return [];
    if (options.length === 1) return options[0]?.pieces ?? [];
    const index = this.pick(options.map((o) => o.label));
    const ordered = [...options.slice(index, index + 1), ...options.filter((_o, i) => i !== index)];
    const names = new Set<string>();
    const named = ordered.map((option, i) => {
      let name = slug(option.label) || `tab-${i + 1}`;
      while (names.has(name)) name = `${name}-${i + 1}`;
      names.add(name);
      return { label: option.label, name, pieces: option.pieces };
    });
    const variable = this.choiceName(
      group,
      named.map((o) => o.name),
    );
    this.ctx.notes.push({
      line,
      message:
        `tabs '${group}': a learner's choice ${variable} of ${named.map((o) => `"${o.label}"`).join(', ')} ` +
        `(default "${named[0]?.label}"; --prefer picks another)`,
    });
    return [{ kind: 'choice', group: variable, options: named }];
  }

  /**
   * The variable a choice is asked as: the tabs' group name in upper case. Tabs with the same
   * options share it (the learner picks once); another set of options under the same name gets
   * its own, so each choice's default is one of its options.
   */
  private choiceName(group: string, options: readonly string[]): string {
    // Gateway API or Ingress is one choice however a page names its tabs: the learner picks once.
    if ([...options].sort().join(',') === 'gateway-api,ingress') group = 'routing';
    const base =
      group
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '') || 'TABS';
    const stem = /^[A-Z_]/.test(base) && !RESERVED_NAMES.has(base) ? base : `TABS_${base}`;
    const key = options.join(',');
    for (let n = 1; ; n++) {
      const name = n === 1 ? stem : `${stem}_${n}`;
      const known = this.choiceGroups.get(name);
      if (known === undefined) {
        this.choiceGroups.set(name, key);
        return name;
      }
      if (known === key) return name;
    }
  }

  private pick(labels: readonly string[]): number {
    const prefer = this.ctx.prefer === undefined ? undefined : slug(this.ctx.prefer);
    const at = prefer === undefined ? -1 : labels.findIndex((l) => slug(l) === prefer);
    return Math.max(at, 0);
  }

  private navtabs(node: Extract<LiquidNode, { type: 'block' }>): Piece[] {
    const tabs = node.children.filter(
      (c): c is Extract<LiquidNode, { type: 'block' }> => c.type === 'block' && c.name === 'navtab',
    );
    const labels = tabs.map((t) => firstArgument(t.args));
    const asTargets = labels.map((l) => NAMED_TARGET_TABS[l.toLowerCase()]);
    if (tabs.length && asTargets.every((t) => t !== undefined)) {
      return tabs.map((tab, i) => {
        const pieces: Piece[] = [];
        this.walk(tab.children, pieces);
        return { kind: 'part', targets: asTargets[i]!, pieces } satisfies Piece;
      });
    }
    // Every tab converts its own blocks, validations included: each is a check in its option's part.
    const options = tabs.map((tab, i) => {
      const pieces: Piece[] = [];
      this.walk(tab.children, pieces);
      return { label: labels[i] || `tab ${i + 1}`, pieces };
    });
    return this.choose(firstArgument(node.args) || 'tabs', options, node.line);
  }

  private apiRequest(name: string, payload: Record<string, unknown>, line: number): Piece[] {
    const url = typeof payload.url === 'string' ? payload.url : '/';
    const status = Number(
      payload.status_code ?? (String(payload.method ?? 'GET').toUpperCase() === 'POST' ? 201 : 200),
    );
    let targets: TargetName[];
    let base: string;
    const headers: Record<string, string> = {};
    if (name === 'konnect_api_request') {
      targets = this.ctx.targets.filter((t) => t === 'konnect');
      base = '{{KONNECT_SERVER_URL}}';
      headers.Authorization = 'Bearer {{KONNECT_TOKEN}}';
    } else if (name === 'control_plane_request') {
      targets = this.ctx.targets.filter((t) => t === 'sandbox' || t === 'gateway');
      base = '{{ADMIN}}';
    } else {
      targets = [...this.ctx.targets];
      base = '';
    }
    if (targets.length === 0) {
      this.ctx.notes.push({
        line,
        message: `${name} to ${url} needs ${
          name === 'konnect_api_request' ? 'the konnect target' : 'an Admin API ' + '(sandbox or gateway)'
        }; shown only`,
      });
      return [{ kind: 'fence', lang: 'yaml', body: stringify(payload, { lineWidth: 0 }), role: 'display' }];
    }
    const request: Record<string, unknown> = {
      method: String(payload.method ?? 'GET').toUpperCase(),
      url: `${base}${templateOf(this.ctx, url, targets, line)}`,
    };
    if (name === 'control_plane_request' && targets.includes('sandbox')) {
      const plugin = /\/plugins\/?$/.test(url) && isRecord(payload.body) ? String(payload.body.name ?? '') : '';
      const gap = adminPathGap(url) ?? (plugin ? pluginGap(plugin) : undefined);
      if (gap) this.ctx.sandboxGaps.push({ reason: gap, line });
    }
    const pageHeaders = headerMap(payload.headers);
    for (const [k, v] of Object.entries(pageHeaders)) headers[k] = templateOf(this.ctx, v, targets, line);
    if (payload.body !== undefined && request.method !== 'GET')
      request.json = templateDeep(this.ctx, payload.body, targets, line);
    const extract: Record<string, string> = {};
    for (const item of Array.isArray(payload.capture) ? payload.capture : []) {
      if (!isRecord(item) || typeof item.variable !== 'string' || typeof item.jq !== 'string') continue;
      const path = item.jq.trim().replace(/^["']|["']$/g, '');
      if (/^\.[\w.[\]-]+$/.test(path)) extract[item.variable] = `json.${path.slice(1)}`;
    }
    for (const v of Object.keys(extract)) this.ctx.defined.add(v);
    // The sandbox's Admin API wants its token, a self-managed gateway's does not: one check, a per-target header.
    const auth =
      name === 'control_plane_request' && targets.includes('sandbox')
        ? { Authorization: { 'by-target': { sandbox: 'Bearer {{SANDBOX_TOKEN}}' } } }
        : {};
    const allHeaders = { ...headers, ...auth };
    const spec: Record<string, unknown> = {
      name: `${String(request.method)} ${url} → ${status}`,
      request: { ...request, ...(Object.keys(allHeaders).length ? { headers: allHeaders } : {}) },
      expect: { status },
      ...(Object.keys(extract).length ? { extract } : {}),
    };
    const pieces: Piece[] = [{ kind: 'check', flavour: 'http', targets, spec }];
    return pieces;
  }

  private crd(name: string, payload: Record<string, unknown>, line: number): Piece[] {
    const { create_namespace: createNamespace, ...rest } = payload;
    const defaults = name === 'konnect_crd' ? 'konnect.konghq.com/v1alpha1' : 'gateway-operator.konghq.com/v2beta1';
    const metadata = isRecord(rest.metadata) ? rest.metadata : {};
    const manifest: Record<string, unknown> = {
      kind: rest.kind,
      apiVersion: rest.apiVersion ?? defaults,
      ...rest,
      metadata: { namespace: 'kong', ...metadata },
    };
    if (manifest.kind !== 'KongPlugin' && manifest.spec === undefined) manifest.spec = {};
    const pieces: Piece[] = [];
    if (createNamespace)
      pieces.push(...this.applyManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kong' } }, line));
    pieces.push(...this.applyManifest(manifest, line));
    return pieces;
  }

  private httpRoute(payload: Record<string, unknown>, line: number): Piece[] {
    const name = String(payload.name ?? 'echo');
    const namespace = String(payload.namespace ?? 'kong');
    const hostname = payload.skip_host ? undefined : String(payload.hostname ?? 'kong.example');
    const matches = Array.isArray(payload.matches) ? payload.matches.filter(isRecord) : [];
    const gateway: Record<string, unknown> = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace, annotations: { 'konghq.com/strip-path': 'true' } },
      spec: {
        parentRefs: [{ name: 'kong', namespace: String(payload.gateway_namespace ?? 'kong') }],
        ...(hostname ? { hostnames: [hostname] } : {}),
        rules: matches.map((m) => ({
          matches: [{ path: { type: String(payload.route_type ?? 'PathPrefix'), value: String(m.path ?? '/') } }],
          backendRefs: [{ name: String(m.service ?? 'echo'), kind: 'Service', port: Number(m.port ?? 1027) }],
        })),
      },
    };
    const ingress: Record<string, unknown> = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace, annotations: { 'konghq.com/strip-path': 'true' } },
      spec: {
        ingressClassName: String(payload.ingress_class ?? 'kong'),
        rules: [
          {
            ...(hostname ? { host: hostname } : {}),
            http: {
              paths: matches.map((m) => ({
                path: String(m.path ?? '/'),
                pathType: 'ImplementationSpecific',
                backend: { service: { name: String(m.service ?? 'echo'), port: { number: Number(m.port ?? 1027) } } },
              })),
            },
          },
        ],
      },
    };
    const options: { label: string; pieces: Piece[] }[] = [];
    if (!payload.disable_gateway) options.push({ label: 'Gateway API', pieces: this.applyManifest(gateway, line) });
    if (!payload.disable_ingress) options.push({ label: 'Ingress', pieces: this.applyManifest(ingress, line) });
    return this.choose('api', options, line);
  }
}

function konnectDeck(command: string): string {
  return (
    `deck gateway ${command} --konnect-token "$KONNECT_TOKEN" --konnect-addr "$KONNECT_SERVER_URL" ` +
    `--konnect-control-plane-name "$CONTROL_PLANE"`
  );
}

/** Services pointing at httpbin's echo point at the target's upstream instead (the sandbox's echo offline). */
function retargetUpstream(ctx: ConvertContext, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => retargetUpstream(ctx, v));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'url' && typeof v === 'string' && /^https?:\/\/httpbin\.(konghq\.com|org)(\/anything)?\/?$/.test(v))
      out[k] = '{{UPSTREAM}}';
    else out[k] = retargetUpstream(ctx, v);
  }
  return out;
}

/** `${name}` placeholders with `variables: {name: {value: $ENV}}` become deck's `${{ env "DECK_ENV" }}`. */
function withDeckVariables(
  ctx: ConvertContext,
  fragment: Record<string, unknown>,
  variables: Record<string, unknown>,
  line: number,
): Record<string, unknown> {
  let text = JSON.stringify(fragment);
  for (const [name, spec] of Object.entries(variables)) {
    const value = isRecord(spec) && typeof spec.value === 'string' ? spec.value.replace(/^\$/, '') : undefined;
    if (!value) continue;
    const env = value.startsWith('DECK_') ? value : `DECK_${value}`;
    text = text.split(`\${${name}}`).join(`\${{ env \\"${env}\\" }}`);
    if (!ctx.defined.has(env)) {
      ctx.declared.set(env, {
        prompt: `${env}: the value of ${name} for the deck file (page line ${line})`,
        ...(/TOKEN|SECRET|PASSWORD|KEY/.test(env) ? { secret: true } : {}),
      });
    }
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** File blocks are interpolated: keep `{{UPSTREAM}}`, make every other `{{` literal. */
function escapeTemplates(text: string): string {
  return text.replace(/\{\{(?!UPSTREAM\}\})/g, '\\{{');
}

function templateDeep(ctx: ConvertContext, value: unknown, targets: readonly TargetName[], line: number): unknown {
  if (typeof value === 'string') return templateOf(ctx, value, targets, line);
  if (Array.isArray(value)) return value.map((v) => templateDeep(ctx, v, targets, line));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateDeep(ctx, v, targets, line)]));
  return value;
}

function kicManifest(type: string, data: Record<string, unknown>): Record<string, unknown> | undefined {
  const annotations = { 'kubernetes.io/ingress.class': 'kong' };
  if (type === 'plugin') {
    const {
      name,
      plugin,
      config,
      service: _s,
      route: _r,
      consumer: _c,
      consumer_group: _g,
      other_plugins: _o,
      kongservice: _ks,
      kongroute: _kr,
      ...rest
    } = data;
    const target = ['service', 'route', 'consumer', 'consumer_group', 'kongservice', 'kongroute'].some(
      (k) => data[k] !== undefined,
    );
    void rest;
    return {
      apiVersion: 'configuration.konghq.com/v1',
      kind: target ? 'KongPlugin' : 'KongClusterPlugin',
      metadata: {
        name: String(name ?? plugin ?? 'plugin'),
        ...(target ? { namespace: 'kong' } : {}),
        annotations,
        ...(target ? {} : { labels: { global: 'true' } }),
      },
      plugin: String(plugin ?? name ?? ''),
      ...(config !== undefined ? { config } : {}),
    };
  }
  if (type === 'consumer') {
    const { username, plugins, tags, ...rest } = data;
    const extra: Record<string, string> = {};
    if (Array.isArray(plugins)) extra['konghq.com/plugins'] = plugins.map(String).join(',');
    if (Array.isArray(tags)) extra['konghq.com/tags'] = tags.map(String).join(',');
    return {
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongConsumer',
      metadata: { name: String(username ?? 'consumer'), namespace: 'kong', annotations: { ...annotations, ...extra } },
      username,
      ...rest,
    };
  }
  if (type === 'consumer_group') {
    const { name, ...rest } = data;
    return {
      apiVersion: 'configuration.konghq.com/v1beta1',
      kind: 'KongConsumerGroup',
      metadata: { name: String(name ?? 'group'), namespace: 'kong', annotations },
      ...rest,
    };
  }
  return undefined;
}

function annotationOf(
  type: string,
  data: Record<string, unknown>,
): { kind: string; name: string; value: string; route: boolean } | undefined {
  if (type !== 'plugin') return undefined;
  const own = String(data.name ?? data.plugin ?? '');
  const value = [typeof data.other_plugins === 'string' ? data.other_plugins : undefined, own]
    .filter(Boolean)
    .join(',');
  if (typeof data.route === 'string') return { kind: 'httproute', name: data.route, value, route: true };
  if (typeof data.service === 'string') return { kind: 'service', name: data.service, value, route: false };
  if (typeof data.consumer === 'string') return { kind: 'kongconsumer', name: data.consumer, value, route: false };
  return undefined;
}

function sanitizeLang(lang: string): string {
  const clean = lang.replace(/[^A-Za-z0-9_+-]/g, '');
  // Lesson roles are never a page's language: a page's ```check is just code.
  return ['check', 'vars', 'output'].includes(clean) ? 'text' : clean;
}

function stripMarkdown(text: string): string {
  return text
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{\{[^}]*\}\}/g, '')
    .replace(/\{:[^}]*\}/g, '')
    .trim();
}

/** Whether the end of `text` is inside a fenced code block (an odd number of fence lines before it). */
function insideFence(text: string): boolean {
  return (text.match(/^\s*(?:`{3,}|~{3,})/gm)?.length ?? 0) % 2 === 1;
}

/** The number of line breaks in `text`: how far a slice of a page is from the slice's start. */
function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function tableOf(payload: Record<string, unknown>): string {
  const columns = Array.isArray(payload.columns) ? payload.columns.filter(isRecord) : [];
  const rows = Array.isArray(payload.rows) ? payload.rows.filter(isRecord) : [];
  if (!columns.length) return '';
  const head = `| ${columns.map((c) => String(c.title ?? c.key ?? '')).join(' | ')} |`;
  const sep = `| ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.map(
    (r) =>
      `| ${columns
        .map((c) =>
          String(r[String(c.key ?? '')] ?? '')
            .replace(/\n/g, ' ')
            .replace(/\|/g, '\\|'),
        )
        .join(' | ')} |`,
  );
  return [head, sep, ...body].join('\n');
}
