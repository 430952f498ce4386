import type { TargetName } from '../lesson/index.js';
import { saveCredential } from '../progress/index.js';
import type { TargetSession } from '../targets/index.js';
import type { Notice, PromptDialog } from './types.js';

export interface ConnectOptions {
  readonly target: TargetName;
  /** Values the inputs can take without asking: flags, then saved credentials. */
  readonly values: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly ask: (dialog: PromptDialog) => Promise<string | undefined>;
  /** What the connection is doing, for the status line; undefined when done. */
  readonly busy: (line: string | undefined) => void;
}

export type Connection =
  | { readonly session: TargetSession; readonly notice?: undefined }
  | { readonly session?: undefined; readonly notice: Notice; readonly down?: string };

/**
 * Asks for what a target needs and has no default for (a Konnect token: checked against its
 * pattern, kept in the credentials store when secret), then starts or connects to it. The
 * sandbox runs as a background daemon that outlives the workshop, unless a flag says otherwise.
 */
export async function connectTarget(options: ConnectOptions): Promise<Connection> {
  const { targetFor, TargetError } = await import('../targets/index.js');
  const target = targetFor(options.target);
  const values = { ...options.values };
  for (const input of target.inputs ?? []) {
    if (values[input.name] !== undefined || input.default !== undefined) continue;
    const answer = await askValidated(
      options.ask,
      {
        kind: 'prompt',
        name: input.name,
        question: input.prompt,
        secret: input.secret,
        default: input.default,
        hint: input.hint,
      },
      input.pattern,
    );
    if (answer === undefined)
      return { notice: { level: 'info', text: `the ${target.name} target needs ${input.name}; nothing was opened` } };
    values[input.name] = answer;
    if (input.secret) await saveCredential(input.name, answer);
  }
  options.busy(`connecting to the ${target.name} target…`);
  const settings = { sandbox: 'daemon', ...definedOnly(options.settings) };
  let preparing = true;
  try {
    // Target log lines tell what is happening while it starts, and nothing after.
    return {
      session: await target.prepare({ vars: values, settings, log: (line) => preparing && options.busy(line) }),
    };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { notice: { level: 'error', text: error.message, hint: error.hint }, down: error.message };
  } finally {
    preparing = false;
    options.busy(undefined);
  }
}

/** A prompt answered until the answer fits the pattern; '' takes the default. */
async function askValidated(
  ask: ConnectOptions['ask'],
  dialog: PromptDialog,
  pattern: string | undefined,
): Promise<string | undefined> {
  let error: string | undefined;
  for (;;) {
    const answer = await ask({ ...dialog, error });
    if (answer === undefined) return undefined;
    const value = answer === '' ? (dialog.default ?? '') : answer;
    if (value === '') error = 'a value is needed';
    else if (pattern && !new RegExp(pattern).test(value))
      error = `that does not look right${dialog.hint ? '' : ` (it must match ${pattern})`}`;
    else return value;
  }
}

function definedOnly(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
