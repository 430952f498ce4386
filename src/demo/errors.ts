/**
 * A demo that cannot go ahead as asked: a `--from` that names nothing, a recording that is not
 * asciicast v2. Carries a stable code and a hint, like every fault in kong-workshop.
 */
export class DemoError extends Error {
  readonly code: string;
  readonly hint: string;
  constructor(code: string, message: string, hint: string) {
    super(message);
    this.name = 'DemoError';
    this.code = code;
    this.hint = hint;
  }
}
