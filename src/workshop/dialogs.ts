import type { Dialog, PromptDialog, ResumeDialog, TrustDialog } from './types.js';

/** What answering each kind of dialog gives back. */
interface Answers {
  readonly prompt: string | undefined;
  readonly trust: boolean;
  readonly resume: boolean;
}

// What a dialog resolves to when it is dismissed without an answer (Esc, or quitting).
const DISMISSED: Answers = { prompt: undefined, trust: false, resume: false };

type Pending = { readonly dialog: Dialog; readonly resolve: (answer: unknown) => void };

/**
 * Questions the workshop puts to the learner, one at a time: the engine's variable prompts,
 * target inputs, trust and resume. Each `ask` resolves when the UI calls `answer`.
 */
export class Dialogs {
  private readonly queue: Pending[] = [];

  constructor(private readonly changed: () => void) {}

  get current(): Dialog | undefined {
    return this.queue[0]?.dialog;
  }

  get open(): boolean {
    return this.queue.length > 0;
  }

  ask(dialog: PromptDialog): Promise<string | undefined>;
  ask(dialog: TrustDialog): Promise<boolean>;
  ask(dialog: ResumeDialog): Promise<boolean>;
  ask(dialog: Dialog): Promise<unknown> {
    return new Promise((resolve) => {
      this.queue.push({ dialog, resolve });
      this.changed();
    });
  }

  /** Answers the dialog on screen, if it is of this kind; anything else is ignored. */
  answer<K extends keyof Answers>(kind: K, value: Answers[K]): void {
    const head = this.queue[0];
    if (!head || head.dialog.kind !== kind) return;
    this.queue.shift();
    head.resolve(value);
    this.changed();
  }

  /** Dismisses every open question (on quit): prompts get no value, trust and resume get "no". */
  cancelAll(): void {
    for (const pending of this.queue.splice(0)) pending.resolve(DISMISSED[pending.dialog.kind]);
    this.changed();
  }
}
