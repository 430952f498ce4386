import type { PromptRequest } from '../engine/index.js';
import type { PromptDialog } from '../workshop/index.js';

/**
 * The one question the demo may have open: a lesson variable to ask for. The engine waits on
 * the answer; the view shows the question (the workshop's prompt, secrets hidden as typed).
 */
export class Question {
  private current: { readonly view: PromptDialog; readonly answer: (value: string | undefined) => void } | undefined;

  constructor(private readonly changed: () => void) {}

  get view(): PromptDialog | undefined {
    return this.current?.view;
  }

  get open(): boolean {
    return this.current !== undefined;
  }

  /** Asks; resolves with the answer, or undefined when the presenter cancels. */
  ask(request: PromptRequest): Promise<string | undefined> {
    const { variable } = request;
    return new Promise((resolve) => {
      this.current = {
        view: {
          kind: 'prompt',
          name: variable.name,
          question: variable.prompt ?? `a value for ${variable.name}`,
          secret: variable.secret,
          default: variable.default,
          hint: variable.hint,
          error: request.error,
        },
        answer: resolve,
      };
      this.changed();
    });
  }

  answer(value: string | undefined): void {
    const current = this.current;
    this.current = undefined;
    current?.answer(value);
    this.changed();
  }
}
