import { isRecord } from './values.js';

/**
 * One vocabulary for things that go wrong. A `Fault` is a value (a check that could not run, a
 * target that is missing): a stable `code` for programs, a message and a hint for people, and the
 * cause when there is one. `FaultError` is the one base class for faults that are thrown; each
 * module's error (TargetError, KubeError, SandboxError, …) is a FaultError with its own codes.
 */
export interface Fault<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
  /** What to try next, e.g. "is the proxy running? try `kong-workshop doctor`". */
  readonly hint: string;
  readonly cause?: unknown;
}

export class FaultError<Code extends string = string> extends Error implements Fault<Code> {
  readonly code: Code;
  readonly hint: string;
  constructor(code: Code, message: string, hint: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }

  /** The fault as a plain value, for events and reports. */
  toFault(): Fault<Code> {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

/** The message of anything thrown: an Error's message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stack of anything thrown, or the thrown value as text: for logs of unexpected errors. */
export function errorStack(error: unknown): string {
  return (error instanceof Error ? error.stack : undefined) ?? String(error);
}

/** Node's error code (`ENOENT`, `EADDRINUSE`, …) of anything thrown, when it has one. */
export function errorCode(error: unknown): string | undefined {
  if (!isRecord(error) && !(error instanceof Error)) return undefined;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : undefined;
}
