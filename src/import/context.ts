import { BUILTIN_VARIABLES, TARGET_VARIABLES, type TargetName } from '../lesson/index.js';
import type { DeckState } from './deck-state.js';
import type { DriftEntry, ImportNote, ValidationEntry } from './report.js';
import type { SiteData } from './site.js';

/** What a page conversion accumulates while it walks the page. */
export interface ConvertContext {
  readonly targets: readonly TargetName[];
  readonly site: SiteData;
  readonly modernise: boolean;
  readonly prefer: string | undefined;
  deck: DeckState;
  /** Kubernetes kinds the page applied, with their apiVersion, so checks can name them. */
  readonly kinds: Map<string, string>;
  /** Variables checks need that nothing provides: declared in front matter with a prompt. */
  readonly declared: Map<string, Record<string, unknown>>;
  /** Variables defined by a vars block or an extract so far. */
  readonly defined: Set<string>;
  readonly validations: ValidationEntry[];
  readonly notes: ImportNote[];
  readonly drift: DriftEntry[];
  readonly tools: Partial<Record<TargetName, Set<string>>>;
  /** What the page turned out to need that the sandbox lacks (beyond its front matter): the sandbox is dropped. */
  readonly sandboxGaps: { readonly reason: string; readonly line?: number }[];
}

export function newContext(
  init: Pick<ConvertContext, 'targets' | 'site' | 'modernise' | 'prefer' | 'deck'>,
): ConvertContext {
  return {
    ...init,
    kinds: new Map(),
    declared: new Map(),
    defined: new Set(),
    validations: [],
    notes: [],
    drift: [],
    tools: {},
    sandboxGaps: [],
  };
}

export function needTool(ctx: ConvertContext, targets: readonly TargetName[], tool: string): void {
  for (const target of targets) {
    const tools = ctx.tools[target] ?? new Set();
    tools.add(tool);
    ctx.tools[target] = tools;
  }
}

/** Shell variables that are the target's proxy, whatever the page calls it. */
const PROXY_NAMES = new Set(['PROXY_IP', 'KONNECT_PROXY_URL', 'DATA_PLANE_URL', 'DATA_PLANE_LB', 'PROXY_URL']);

const RESERVED = new Set<string>([...BUILTIN_VARIABLES, ...Object.values(TARGET_VARIABLES).flat()]);

/**
 * Turns a page value's `$VAR` / `${VAR}` into `{{VAR}}` for a check on `targets`: proxy names
 * become `{{PROXY}}`, target variables stay when every target has them, anything else is
 * declared (prompted) unless a vars block or an extract defined it earlier.
 */
export function templateOf(ctx: ConvertContext, text: string, targets: readonly TargetName[], line: number): string {
  const escaped = text.replace(/\{\{/g, '\\{{');
  return escaped.replace(/\$\{?([A-Z][A-Z0-9_]*)\}?/g, (whole, name: string) => {
    if (PROXY_NAMES.has(name)) return '{{PROXY}}';
    if (name === 'PAT')
      return targets.every((t) => TARGET_VARIABLES[t].includes('KONNECT_TOKEN'))
        ? '{{KONNECT_TOKEN}}'
        : declare(ctx, name, line, targets);
    if (RESERVED.has(name)) {
      if (
        targets.every(
          (t) => TARGET_VARIABLES[t].includes(name) || (BUILTIN_VARIABLES as readonly string[]).includes(name),
        )
      )
        return `{{${name}}}`;
      ctx.notes.push({ line, message: `$${name} is a variable some targets provide and others do not; left as text` });
      return whole;
    }
    return ctx.defined.has(name) ? `{{${name}}}` : declare(ctx, name, line, targets);
  });
}

/**
 * A value the page sets with a command the lesson does not run: prompted, and only on the targets
 * whose blocks use it (a Konnect control plane's id is not asked on the sandbox).
 */
function declare(ctx: ConvertContext, name: string, line: number, targets: readonly TargetName[]): string {
  const known = ctx.declared.get(name);
  const used = new Set<TargetName>([...(Array.isArray(known?.targets) ? known.targets : []), ...targets]);
  const secret = /TOKEN|SECRET|PASSWORD|PASS$|_KEY$|^KEY_/.test(name);
  ctx.declared.set(name, {
    prompt: `The value of $${name} (the page sets it before line ${line})`,
    ...(secret ? { secret: true } : {}),
    ...known,
    targets: ctx.targets.filter((t) => used.has(t)),
  });
  return `{{${name}}}`;
}
