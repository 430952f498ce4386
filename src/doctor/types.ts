import type { TargetName, ToolRequirement } from '../lesson/index.js';

export type DoctorStatus = 'pass' | 'warn' | 'fail';

/** One thing doctor looked at. */
export interface DoctorItem {
  /**
   * Stable id, e.g. `node`, `tool:kind`, `docker-daemon`, `kube-context`, `crd:kongplugins.configuration.konghq.com`.
   */
  readonly id: string;
  /** Short name for the screen, e.g. `kind`, `Kong pods`. */
  readonly title: string;
  /** `fail` only for what the target needs; a problem with something optional is a `warn`. */
  readonly status: DoctorStatus;
  /** Whether the target needs this item; a failing required item makes doctor exit non-zero. */
  readonly required: boolean;
  /** What was found, e.g. `v0.27.0 (/usr/local/bin/kind)` or `not found on PATH`. */
  readonly detail: string;
  /** The exact command or step that fixes it; absent when there is nothing to fix. */
  readonly fix?: string;
}

export interface DoctorReport {
  readonly target: TargetName;
  /** `linux x64`, for the reader of a pasted report. */
  readonly platform: string;
  /** False when a required item failed. */
  readonly ok: boolean;
  readonly counts: Readonly<Record<DoctorStatus, number>>;
  readonly items: readonly DoctorItem[];
}

export interface DoctorOptions {
  readonly target: TargetName;
  /** Environment to look in (PATH, KUBECONFIG, HOME, KONG_WORKSHOP_HOME); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Target settings, as the run command takes them (kind: context, cluster, namespace, kubeconfig, proxyService,
   * proxyUrl).
   */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  /**
   * More tools the chosen lessons need (their `requires.tools`); required like the target's own,
   * and older than a stated minimum is a failure: the lessons' commands would not work.
   */
  readonly requiredTools?: readonly ToolRequirement[];
  /** Ports the sandbox listens on; default 8000 (proxy) and 8001 (Admin API). */
  readonly sandboxPorts?: readonly number[];
  readonly signal?: AbortSignal;
}
