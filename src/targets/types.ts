import type { TargetName } from '../lesson/index.js';
import { FaultError } from '../shared/index.js';

/** How Kubernetes checks reach the cluster (a real kind cluster, the sandbox, or a test fake). */
export interface KubeAccess {
  /** Path of a kubeconfig file. */
  readonly kubeconfig: string;
  /** Context to use; the file's current-context when undefined. */
  readonly context?: string;
  /** Default namespace for namespaced resources that do not say theirs. */
  readonly namespace: string;
}

/** A prepared target: what lessons need to talk to it, for the length of one run. */
export interface TargetSession {
  readonly name: TargetName;
  /** Values for {{NAME}}: exactly TARGET_VARIABLES[name]. */
  readonly vars: Readonly<Record<string, string>>;
  /** Values to mask everywhere (tokens). */
  readonly secrets: readonly string[];
  /** Extra environment for the lesson shell (e.g. KUBECONFIG). */
  readonly env: Readonly<Record<string, string>>;
  readonly kube?: KubeAccess;
  /** One line for headers, e.g. "sandbox at http://127.0.0.1:8000 (started for this run)". */
  readonly description: string;
  /** Releases what prepare() opened (port-forwards, an in-process sandbox). Idempotent. */
  close(): Promise<void>;
}

export interface TargetOptions {
  /** Values given with --var / --secret (and prompts), for targets that read settings from them. */
  readonly vars: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Progress lines for the user ("starting the sandbox…"). */
  readonly log: (line: string) => void;
  /** Target-specific settings from flags, e.g. kind's --context and --cluster. */
  readonly settings: Readonly<Record<string, string | undefined>>;
}

/** A value a target needs from the user (a token, a URL), asked for or given with --var/--secret. */
export interface TargetInput {
  readonly name: string;
  readonly prompt: string;
  readonly secret: boolean;
  readonly default?: string;
  readonly pattern?: string;
  readonly hint?: string;
}

export interface Target {
  readonly name: TargetName;
  /** One line for --help and the home screen. */
  readonly summary: string;
  /** Values the target needs before prepare(); the CLI takes them from flags, the TUI asks. */
  readonly inputs?: readonly TargetInput[];
  /** Starts or connects to the target. Throws a TargetError (exit 3) with a hint when it cannot. */
  prepare(options: TargetOptions): Promise<TargetSession>;
}

/** An infrastructure fault: the target is missing, unreachable or misconfigured. */
export class TargetError extends FaultError {}
