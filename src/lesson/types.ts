import type { TargetName } from '../shared/index.js';

/**
 * The lesson model: what a parsed lesson file is, independent of how it runs or shows.
 * docs/lesson-format.md is the authors' side of this contract.
 */

/** Every place a lesson author can put something wrong has one of these. 1-based, like editors. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export { TARGET_NAMES, type TargetName } from '../shared/index.js';

/** A diagnostic from parsing or linting. All of a file's diagnostics are reported, not only the first. */
export interface Diagnostic extends SourcePos {
  readonly severity: 'error' | 'warning';
  /** Stable kebab-case identifier, e.g. `unknown-attribute`, `undefined-variable`. */
  readonly code: string;
  readonly message: string;
  /** One line telling the author what to do about it. */
  readonly hint: string;
}

// ---------------------------------------------------------------------------------------------
// Expectations: the one vocabulary shared by HTTP, command and Kubernetes checks.

/** One test on one value. A value's expectation holds when all of its matchers hold. */
export type Matcher =
  | { readonly op: 'equals'; readonly value: unknown }
  | { readonly op: 'matches'; readonly pattern: string; readonly flags: string }
  | { readonly op: 'contains'; readonly value: string }
  | { readonly op: 'present' }
  | { readonly op: 'absent' }
  | { readonly op: 'compare'; readonly gt?: number; readonly gte?: number; readonly lt?: number; readonly lte?: number }
  | { readonly op: 'one-of'; readonly values: readonly unknown[] }
  /** Holds when the inner matchers do not all hold: `not: 200`, `not: { contains: x }`. */
  | { readonly op: 'not'; readonly matchers: readonly Matcher[] }
  /** The number of items (array items, a repeated header's values, object keys) meets the inner matchers. */
  | { readonly op: 'count'; readonly matchers: readonly Matcher[] };

export interface ValueExpectation {
  readonly matchers: readonly Matcher[];
  /** Where the expectation is written, so a failure can point at it. */
  readonly source: SourcePos;
}

/** `eventually` polling: retry the whole check until it passes or the timeout passes. */
export interface PollPolicy {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Keep polling through failures waiting cannot normally fix (404 no route, 401 without a credential). */
  readonly waitAnyway?: boolean;
}

// ---------------------------------------------------------------------------------------------
// HTTP checks

export type HttpBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly value: Readonly<Record<string, string>> }
  | { readonly kind: 'raw'; readonly value: string; readonly contentType?: string }
  /** multipart/form-data: text fields, and files given by their text (`{ file: name, content: … }`). */
  | { readonly kind: 'multipart'; readonly value: Readonly<Record<string, MultipartField>> };

export type MultipartField =
  | string
  | { readonly filename: string; readonly content: string; readonly contentType?: string };

export interface HttpRequestSpec {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Added to the URL's query string, encoded. */
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Basic …` unless the headers set Authorization themselves. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly body?: HttpBody;
  /** Per-request timeout (connect + headers + body). Default 10s. */
  readonly timeoutMs: number;
}

/** Expectations on one response. Header names are matched case-insensitively. */
export interface ResponseExpectations {
  readonly status?: ValueExpectation;
  readonly headers: Readonly<Record<string, ValueExpectation>>;
  /** Keyed by a JSON path such as `message`, `headers.X-Consumer-Username` or `data[0].id`. */
  readonly json: Readonly<Record<string, ValueExpectation>>;
  readonly body?: ValueExpectation;
  /** Response time in milliseconds: `duration: 2s` is "below 2s". */
  readonly duration?: ValueExpectation;
}

/**
 * Per-response expectations for a `repeat` sequence: entry i applies to response i.
 * `null` means "anything" at that position.
 */
export interface SeriesExpectations {
  readonly status?: readonly (ValueExpectation | null)[];
  readonly headers: Readonly<Record<string, readonly (ValueExpectation | null)[]>>;
  readonly json: Readonly<Record<string, readonly (ValueExpectation | null)[]>>;
}

export type ExtractSource =
  | { readonly from: 'json'; readonly path: string }
  | { readonly from: 'header'; readonly name: string }
  | { readonly from: 'status' }
  | { readonly from: 'body' };

export interface Extraction {
  readonly variable: string;
  readonly source: ExtractSource;
  /** Keep only what this regular expression captures (its first group, or the whole match). */
  readonly regex?: string;
  readonly secret: boolean;
}

export interface HttpCheckSpec {
  readonly kind: 'http';
  readonly request: HttpRequestSpec;
  /** Number of requests sent in sequence; 1 unless `repeat` is given. */
  readonly repeat: number;
  /** Pause between the requests of a sequence. */
  readonly intervalMs: number;
  /** Applies to every response. */
  readonly expect: ResponseExpectations;
  readonly series: SeriesExpectations;
  /** Applies to the last response only (the 429 of a rate-limit sequence). */
  readonly last?: ResponseExpectations;
  /** Taken from the last response once the check passes. */
  readonly extract: readonly Extraction[];
  readonly eventually?: PollPolicy;
  /**
   * `later:` what this check's request gets once a later lesson has changed the gateway the way
   * the workshop intends (lesson 2 puts key-auth on lesson 0's route). When `expect`, `series`
   * and `last` do not hold but every response meets one of these, the check passes and says so.
   */
  readonly later?: readonly LaterState[];
  /**
   * `countdown:` a rate-limit sequence written relative to its first response, so it holds after
   * the learner's own requests: requests are sent until one is refused (at most `max`); on every
   * allowed one the header is one less than on the one before, the last allowed one says 0, and
   * `last` applies to the refusal. `expect` applies to every response. Excludes `repeat`.
   */
  readonly countdown?: { readonly header: string; readonly max: number };
}

/** One `later:` entry: the lesson whose changes it accepts, and what the response is then. */
export interface LaterState {
  readonly lesson: string;
  readonly expect: ResponseExpectations;
}

// ---------------------------------------------------------------------------------------------
// Command checks

export interface CommandCheckSpec {
  readonly kind: 'cmd';
  /** Runs in the lesson's shell session, so exported variables and `cd` apply. */
  readonly command: string;
  /** Expected exit code; default 0. */
  readonly exit: number;
  readonly stdout?: ValueExpectation;
  readonly stderr?: ValueExpectation;
  /** The number of stdout lines (trailing newline ignored). */
  readonly lines?: ValueExpectation;
  /** Stdout read as JSON, keyed by JSON path like an HTTP check's `json`. */
  readonly json?: Readonly<Record<string, ValueExpectation>>;
  readonly timeoutMs: number;
  readonly eventually?: PollPolicy;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes checks

export interface K8sResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Defaults to the target's namespace (`kong` on kind) when the resource is namespaced. */
  readonly namespace?: string;
}

export interface ConditionExpectation {
  readonly type: string;
  /** "True" unless stated. */
  readonly status: string;
  readonly reason?: ValueExpectation;
  readonly message?: ValueExpectation;
  readonly source: SourcePos;
}

export interface FieldExpectation {
  /** kubectl-style JSONPath, e.g. `{.status.organizationID}`. */
  readonly path: string;
  readonly expect: ValueExpectation;
}

export interface K8sCheckSpec {
  readonly kind: 'k8s';
  readonly resource: K8sResourceRef;
  /** false means "expect the resource to be absent". */
  readonly exists: boolean;
  readonly condition?: ConditionExpectation;
  readonly fields: readonly FieldExpectation[];
  readonly eventually?: PollPolicy;
}

export type CheckSpec = HttpCheckSpec | CommandCheckSpec | K8sCheckSpec;
export type CheckKind = CheckSpec['kind'];

// ---------------------------------------------------------------------------------------------
// Variables

export interface VarSpec {
  /** Upper-case identifier: also exported to the lesson shell under this name. */
  readonly name: string;
  readonly prompt?: string;
  readonly default?: string;
  /** Masked at prompts and everywhere it could show; never written to progress files. */
  readonly secret: boolean;
  /** A regular expression the value must match, checked at the prompt and with --var. */
  readonly pattern?: string;
  /** Shown when the value does not match `pattern`, and under the prompt. */
  readonly hint?: string;
  readonly targets?: readonly TargetName[];
  /** The options of a learner's choice (`::: choice=ROUTING:…`): the value must be one of them. */
  readonly options?: readonly string[];
  readonly source: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// Learner's choices: tabs that are not targets (Gateway API or Ingress, decK or the Admin API).

/**
 * Where a block or section sits in a `::: choice=GROUP:option` part: it exists only for a learner
 * whose GROUP is one of `options`.
 */
export interface ChoiceTag {
  readonly group: string;
  readonly options: readonly string[];
}

/** A choice the lesson offers: its options in the order they first appear (the first is the default). */
export interface ChoiceGroup {
  readonly name: string;
  readonly options: readonly string[];
  /** The first `::: choice=` that names it. */
  readonly source: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// Blocks: a step's content, in document order.

interface BlockBase {
  /** Unique within the lesson; from an `id=` attribute or generated (`<step-id>-<n>`). */
  readonly id: string;
  /** Restricts the block to these targets; undefined means every target of the lesson. */
  readonly targets?: readonly TargetName[];
  /** The learner's choices the block belongs to; undefined means whatever was picked. */
  readonly choices?: readonly ChoiceTag[];
  readonly source: SourcePos;
}

/** Markdown to show: paragraphs, lists, quotes, and display-only code. */
export interface ProseBlock extends BlockBase {
  readonly type: 'prose';
  readonly markdown: string;
}

/** A fenced block shown but never run: plain code, `output`, or an `include=` of a file. */
export interface DisplayBlock extends BlockBase {
  readonly type: 'display';
  readonly lang: string;
  readonly code: string;
  /** `output` blocks show what a command prints; the UI styles them differently. */
  readonly role: 'code' | 'output';
  /** The path given in `include=`, resolved against the lesson file; `code` holds its content. */
  readonly include?: string;
  /**
   * An `output match=…` block: the output of the run block before it must match, and is checked
   * when the step runs. Without `match=` an output block is only shown.
   */
  readonly expect?: OutputExpectation;
}

/** How an output block is compared with what its command printed (`match=`). */
export type OutputMatch = 'exact' | 'pattern' | 'fields' | 'response';
export const OUTPUT_MATCHES: readonly OutputMatch[] = ['exact', 'pattern', 'fields', 'response'];

/** A declared output block: what the run block before it must print. */
export interface OutputExpectation {
  readonly match: OutputMatch;
  /** The block's text as written (variables and placeholders are filled in when it is judged). */
  readonly text: string;
  /** Where each line of `text` is written, so a differing line points at itself. */
  readonly lines: readonly SourcePos[];
  /** `match=fields`, and a `match=response` JSON body: every field the block names (leaves), where written. */
  readonly fields: readonly ExpectedField[];
  /** `match=response`: the HTTP response a `curl -i` before it must print. */
  readonly response?: ResponseOutput;
}

/**
 * An `output match=response` block: the status line, the headers it names (any order, values
 * with placeholders) and optionally a body: JSON compared by fields, text by pattern.
 */
export interface ResponseOutput {
  readonly status: number;
  readonly statusSource: SourcePos;
  readonly headers: readonly { readonly name: string; readonly value: string; readonly source: SourcePos }[];
  /** The body's lines as a pattern (text bodies); a JSON body is in `fields`; absent: not compared. */
  readonly body?: { readonly match: 'fields' | 'pattern'; readonly text: string; readonly lines: readonly SourcePos[] };
}

/** One field of a `match=fields` output block: a scalar it must equal, or the length of an array. */
export interface ExpectedField {
  readonly path: readonly (string | number)[];
  readonly expect: { readonly value: string | number | boolean | null } | { readonly length: number };
  readonly source: SourcePos;
}

export interface RunBlock extends BlockBase {
  readonly type: 'run';
  readonly lang: string;
  readonly command: string;
  readonly timeoutMs: number;
  readonly expectExit: number;
  readonly capture?: { readonly variable: string; readonly secret: boolean };
}

export interface FileBlock extends BlockBase {
  readonly type: 'file';
  readonly lang: string;
  /** Relative paths resolve against the run's work folder ({{WORKDIR}}). */
  readonly path: string;
  readonly content: string;
  /** `raw`: write the text as is, without {{VAR}} interpolation. */
  readonly raw: boolean;
  readonly mode?: number;
}

export interface VarsBlock extends BlockBase {
  readonly type: 'vars';
  readonly vars: readonly VarSpec[];
}

export interface CheckBlock extends BlockBase {
  readonly type: 'check';
  /** For reports and screens, e.g. "GET /echo → 401"; from `name:` or generated. */
  readonly name: string;
  readonly spec: CheckSpec;
  /**
   * Declared with `holds-before`: the check states a fact that is already true before its step
   * (the sandbox is up), so `kong-workshop verify` does not ask it to fail there.
   */
  readonly holdsBefore?: boolean;
  /**
   * Declared with `transient`: the check judges a moment inside its step that the step's own
   * later commands change (a wrong token written, tried, then replaced). It runs when its step
   * runs; a re-check (`kong-workshop check`, resume) cannot judge it from the state and says so.
   */
  readonly transient?: boolean;
  /**
   * A check with per-target values (`by-target:`), resolved for each target it runs on;
   * projectLesson puts the target's own name and spec in place.
   */
  readonly byTarget?: Readonly<Partial<Record<TargetName, { readonly name: string; readonly spec: CheckSpec }>>>;
}

export type Block = ProseBlock | DisplayBlock | RunBlock | FileBlock | VarsBlock | CheckBlock;
export type BlockType = Block['type'];

/** A hint, solution or presenter-notes section: markdown with its blocks (display only). */
export interface Section {
  readonly kind: 'hint' | 'solution' | 'notes';
  readonly blocks: readonly Block[];
  readonly targets?: readonly TargetName[];
  readonly choices?: readonly ChoiceTag[];
  readonly source: SourcePos;
}

export interface Step {
  /** The heading's slug; unique within the lesson. */
  readonly id: string;
  /** 0-based position in the lesson (after projection to a target, positions are renumbered). */
  readonly index: number;
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly sections: readonly Section[];
  readonly targets?: readonly TargetName[];
  readonly source: SourcePos;
}

/** A tool a lesson needs, and the oldest version its commands work with (`kubectl >=1.25`). */
export interface ToolRequirement {
  readonly name: string;
  /** Dotted numeric version, e.g. `1.25` or `7.76.0`; absent when any version will do. */
  readonly minimum?: string;
}

export interface LessonMeta {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  /** Suggested slot, e.g. 20 minutes, in milliseconds. */
  readonly durationMs?: number;
  /** Targets the lesson supports; the first is the default. */
  readonly targets: readonly TargetName[];
  /** Tools a learner needs, per target (`*` = every target), each with its minimum version if it has one. */
  readonly tools: Readonly<Partial<Record<TargetName | '*', readonly ToolRequirement[]>>>;
  readonly vars: readonly VarSpec[];
}

export interface Lesson extends LessonMeta {
  /** Absolute path of the lesson file. */
  readonly file: string;
  /** Prose before the first step. */
  readonly intro: readonly Block[];
  readonly steps: readonly Step[];
  /** The learner's choices (`::: choice=` parts), asked when a step that has such a part starts. */
  readonly choices?: readonly ChoiceGroup[];
  /** The `## Clean up` section: run by `demo --reset` and `run --cleanup`, never in the normal flow. */
  readonly cleanup?: Step;
}

export interface ParseResult {
  /** Present when the file has no errors (warnings allowed). */
  readonly lesson?: Lesson;
  readonly diagnostics: readonly Diagnostic[];
}
