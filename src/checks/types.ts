import type { CookieJar } from './cookies.js';
import type { CheckKind, SourcePos } from '../lesson/index.js';
import type { OutputStream, ShellSession } from '../exec/index.js';
import type { KubeAccess } from '../targets/index.js';
import type { Fault as SharedFault } from '../shared/index.js';

/**
 * What a check found. A failed check is a value, never an exception: evaluators return this
 * for failures and for faults (the target could not be reached), and throw only on bugs.
 */
export interface CheckResult {
  readonly kind: CheckKind;
  readonly status: 'passed' | 'failed' | 'error';
  /** Every expectation that was evaluated on the final attempt, passed or not. */
  readonly expectations: readonly ExpectationResult[];
  /** How many times the check ran (1 without `eventually`). */
  readonly attempts: number;
  readonly durationMs: number;
  /** For HTTP checks: the first response that failed an expectation, else the last one seen. */
  readonly response?: ResponseSummary;
  /** For Kubernetes checks: the object's conditions as found, for failure diagnostics. */
  readonly observed?: Readonly<Record<string, unknown>>;
  /** Set when status is `error`: the target could not be reached or the check could not run. */
  readonly fault?: Fault;
  /** Variables taken from the response (`extract`), set only when the check passed. */
  readonly extracted: Readonly<Record<string, string>>;
  /** Why `eventually` stopped before its time: the failure is one waiting cannot fix. */
  readonly stoppedEarly?: string;
  /**
   * How the check came to its verdict when that is worth a line: it holds as a later lesson
   * leaves the gateway, it waited for (or on the sandbox, moved the clock to) a rate-limit
   * window's reset, or it was not judged at all (see `judged`).
   */
  readonly note?: string;
  /** False for a `transient` check a re-check cannot judge: it is reported, never counted as failed. */
  readonly judged?: false;
}

export interface ExpectationResult {
  /** What was checked, e.g. `status`, `header WWW-Authenticate`, `json message`, `condition APIAuthValid`. */
  readonly subject: string;
  readonly passed: boolean;
  /** Human-readable expected value, e.g. `401`, `/^\d+$/`, `present`, `≥ 1`. */
  readonly expected: string;
  /** Human-readable actual value, e.g. `200`, `(absent)`. */
  readonly actual: string;
  /** For sequences: the 0-based response this expectation applied to. */
  readonly responseIndex?: number;
  readonly source?: SourcePos;
}

export interface ResponseSummary {
  /** Its 0-based position in a `repeat` sequence (0 for a single request). */
  readonly index?: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** At most a few hundred characters of the body. */
  readonly bodyExcerpt: string;
  /** The whole body's length in characters, so a screen can say how much the excerpt left out. */
  readonly bodyLength?: number;
}

export type FaultCode =
  | 'connection-refused'
  | 'timeout'
  | 'dns'
  | 'tls'
  | 'connection-reset'
  | 'kube-unreachable'
  | 'kube-forbidden'
  | 'command-failed'
  | 'undefined-variable'
  | 'cancelled'
  /** A check after a failure that needs a value the failed part would have produced. */
  | 'not-run'
  /** Polling stopped early: the failure is one that waiting cannot fix (a 404 with no route). */
  | 'will-not-change'
  /** An HTTP check of a lesson nobody trusted, to a host that is not the target's: nothing was sent. */
  | 'untrusted-request'
  | 'internal';

/** A check's fault: the one `Fault` shape, with the codes a check can end with. */
export type Fault = SharedFault<FaultCode>;

/** Reported as a check runs, for live progress (attempt counters, rate-limit charts). */
export type CheckProgress =
  | {
      readonly type: 'attempt';
      /** 1-based. */
      readonly attempt: number;
      readonly elapsedMs: number;
      readonly timeoutMs: number;
      /** When the next attempt starts, if this one fails. */
      readonly nextAttemptInMs: number;
      /** One line on why the previous attempt did not pass. */
      readonly lastFailure?: string;
    }
  | {
      readonly type: 'response';
      /** 0-based position in a `repeat` sequence. */
      readonly index: number;
      readonly of: number;
      readonly status: number;
      /** Whether every expectation for this response held. */
      readonly passed: boolean;
      /** Rate-limit headers of this response, if any (X-RateLimit-*, RateLimit-*, Retry-After). */
      readonly rateLimit: Readonly<Record<string, string>>;
      /** The exchange, for `--verbose` (the engine masks secrets before anyone sees it). */
      readonly exchange?: {
        readonly method: string;
        readonly url: string;
        readonly requestHeaders: Readonly<Record<string, string>>;
        /** The start of the body sent, when there was one. */
        readonly requestBody?: string;
        readonly headers: Readonly<Record<string, string>>;
        readonly bodyExcerpt: string;
      };
    };

/** What an evaluator gets besides its spec (already interpolated, secrets included). */
export interface CheckContext {
  /** Aborting stops the check at the next opportunity; the result is then an `error` with code `cancelled`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CheckProgress) => void;
  /** For `check cmd`: the lesson's shell session. */
  readonly shell?: ShellSession;
  /** For `check cmd`: each line the command prints, as it arrives. */
  readonly onLine?: (stream: OutputStream, line: string) => void;
  /** For `check k8s`: how to reach the cluster. */
  readonly kube?: KubeAccess;
  /**
   * The target applies configuration before answering (the sandbox): a 404 with no route, or a
   * 401 for a request without a credential, will not change while a check polls, so `eventually`
   * stops early. Not on targets where a controller or a database-backed Kong catches up later.
   */
  readonly appliesConfigAtOnce?: boolean;
  /** For HTTP checks: cookies kept between the checks of one step. */
  readonly cookies?: CookieJar;
  /**
   * On the sandbox: moves its rate-limit clock forward, as `kong-workshop sandbox advance` does.
   * A polling check that met a spent window uses it instead of waiting for the window to end.
   */
  readonly advanceClock?: (ms: number) => Promise<void>;
}
