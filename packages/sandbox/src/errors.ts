/** A sandbox fault (could not start, not running, refused a request), with a stable code and a hint. */
export class SandboxError extends Error {
  readonly code: string;
  readonly hint: string;
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
    this.code = code;
    this.hint = hint;
  }
}
