// The lesson module's light entry: the TUI's first frame must not wait for the parser.
import type { Block, CheckSpec, HttpCheckSpec, Lesson, Step } from '../lesson/model.js';
import { SECRET_TARGET_VARIABLES, TARGET_URL_VARIABLES, variableReferences } from '../lesson/model.js';

/** An HTTP check that may go somewhere the target does not declare, and the secrets it carries. */
export interface PlannedRequest {
  readonly method: string;
  /** The URL as the lesson writes it (`{{VARIABLES}}` not filled in). */
  readonly url: string;
  /** Secret variables the check's request refers to (headers, body, query, URL). */
  readonly secrets: readonly string[];
}

/**
 * Everything a lesson can do on this machine and on the network, listed in full for the consent
 * screen: one model for commands, file writes, file reads and where requests (and secrets) go.
 */
export interface TrustPlan {
  /** Every command (run blocks and command checks), in full. */
  readonly commands: readonly string[];
  /** Every `file=` path, as written. */
  readonly writes: readonly string[];
  /** Every `include=` path, resolved (already confined to the lesson's folder by the parser). */
  readonly reads: readonly string[];
  /** HTTP checks whose URL does not start with one of the target's own URLs. */
  readonly requests: readonly PlannedRequest[];
}

// A URL is the target's own when it starts with one of the target's URL variables and nothing
// after it can change the host: `{{PROXY}}/echo`, not `{{PROXY}}.evil.example` or `{{PROXY}}@evil`.
const OWN_URL = new RegExp(`^\\s*\\{\\{\\s*(?:${TARGET_URL_VARIABLES.join('|')})\\s*\\}\\}(?:$|[/?#])`);

/** Whether a check's URL template can only reach the target's own URLs. */
export function isTargetUrl(url: string): boolean {
  return OWN_URL.test(url);
}

/**
 * What running the lesson (`run`, every block; `check`, only checks) would do. `secretNames`
 * adds secrets given from outside (--secret) to the lesson's and the target's own.
 */
export function trustPlanOf(lesson: Lesson, mode: 'run' | 'check', secretNames: readonly string[] = []): TrustPlan {
  const steps: Step[] = lesson.cleanup ? [...lesson.steps, lesson.cleanup] : [...lesson.steps];
  const blocks = [...lesson.intro, ...steps.flatMap((step) => step.blocks)];
  const secrets = new Set([...SECRET_TARGET_VARIABLES, ...secretNames, ...secretVariablesOf(lesson, blocks)]);
  const commands: string[] = [];
  const writes: string[] = [];
  const reads: string[] = [];
  const requests: PlannedRequest[] = [];
  for (const block of blocks) {
    if (block.type === 'run' && mode === 'run') commands.push(block.command);
    if (block.type === 'file' && mode === 'run') writes.push(block.path);
    if (block.type === 'display' && block.include) reads.push(block.include);
    if (block.type !== 'check') continue;
    for (const spec of specsOf(block)) {
      if (spec.kind === 'cmd') commands.push(spec.command);
      if (spec.kind === 'http' && !isTargetUrl(spec.request.url)) requests.push(plannedRequest(spec, secrets));
    }
  }
  for (const section of steps.flatMap((step) => step.sections))
    for (const block of section.blocks) if (block.type === 'display' && block.include) reads.push(block.include);
  return { commands: unique(commands), writes: unique(writes), reads: unique(reads), requests };
}

/** Whether the plan does anything that needs the learner's consent for a lesson from elsewhere. */
export function needsConsent(plan: TrustPlan): boolean {
  return plan.commands.length > 0 || plan.writes.length > 0 || plan.requests.length > 0;
}

/** The plan as plain lines (headless prompt, refusals): every command line in full. */
export function planLines(plan: TrustPlan): string[] {
  return [
    ...plan.commands.flatMap((command) => command.split('\n').map((line, i) => `${i === 0 ? '  $ ' : '    '}${line}`)),
    ...plan.writes.map((path) => `  writes ${path} (in its work folder)`),
    ...plan.requests.map(
      (request) =>
        `  sends ${request.method} ${request.url}` +
        (request.secrets.length > 0 ? ` with ${request.secrets.join(', ')}` : '') +
        ' (not the target)',
    ),
    ...plan.reads.map((path) => `  reads ${path}`),
  ];
}

/** A check's spec, and the other targets' variants, so nothing hides in a `by-target:` entry. */
function specsOf(block: Extract<Block, { type: 'check' }>): CheckSpec[] {
  return [block.spec, ...Object.values(block.byTarget ?? {}).flatMap((variant) => (variant ? [variant.spec] : []))];
}

function plannedRequest(spec: HttpCheckSpec, secrets: ReadonlySet<string>): PlannedRequest {
  const { request } = spec;
  const texts = [
    request.url,
    ...Object.entries(request.headers).flat(),
    ...Object.entries(request.query ?? {}).flat(),
    request.basicAuth ? `${request.basicAuth.username}:${request.basicAuth.password}` : '',
    request.body ? JSON.stringify(request.body.value) : '',
  ];
  const carried = texts
    .flatMap((text) => variableReferences(text).map((ref) => ref.name))
    .filter((n) => secrets.has(n));
  return { method: request.method, url: request.url, secrets: unique(carried) };
}

/** Secret variables the lesson declares, captures or extracts. */
function secretVariablesOf(lesson: Lesson, blocks: readonly Block[]): string[] {
  const names = lesson.vars.filter((spec) => spec.secret).map((spec) => spec.name);
  for (const block of blocks) {
    if (block.type === 'vars') names.push(...block.vars.filter((spec) => spec.secret).map((spec) => spec.name));
    if (block.type === 'run' && block.capture?.secret) names.push(block.capture.variable);
    if (block.type === 'check' && block.spec.kind === 'http')
      names.push(...block.spec.extract.filter((e) => e.secret).map((e) => e.variable));
  }
  return names;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
