import type { LessonRun, RunEvent, StepStatus } from '../engine/index.js';
import { newId } from './codes.js';
import type { Membership } from './membership.js';
import type { LearnerNews } from './model.js';
import { Outbox } from './outbox.js';
import { classPaths } from './paths.js';
import type { LearnerEvent } from './records.js';
import { z } from 'zod';

/**
 * What the guided workshop and headless runs need from the class: attach each lesson run, raise
 * or lower a hand, hear the instructor's news, and send what is left before exiting. Both the
 * TUI and `run`/`check` use this one interface.
 */
export interface ClassReporter {
  readonly membership: Membership;
  attach(run: LessonRun): () => void;
  raiseHand(up: boolean): void;
  readonly news: LearnerNews | undefined;
  /** True while the server answers; false after a failed send, until one succeeds. */
  readonly connected: boolean;
  onChange(listener: () => void): () => void;
  /** Waits up to `timeoutMs` for every pending event to be acknowledged; resolves to how many are left. */
  flush(timeoutMs: number): Promise<number>;
  close(): void;
}

const newsSchema = z.object({
  broadcast: z.object({ text: z.string(), at: z.number() }).optional(),
  pace: z.object({ lessonId: z.string(), step: z.number().nullable() }).optional(),
  timeboxes: z.array(z.object({ lessonId: z.string(), endsAt: z.number() })),
  hand: z.boolean(),
});
const answerSchema = z.object({ accepted: z.number().optional(), news: newsSchema });

const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Turns the engine's event stream into class events. Only what the instructor needs leaves the
 * machine: lesson and step ids and titles, a status, the failing check's name and its first
 * failing expectation in words, time on the step. Never command output, variable values,
 * captured values, commands or files; text passes the run's redactor once more on the way.
 */
export function createClassReporter(membership: Membership, options: { pollNewsMs?: number } = {}): ClassReporter {
  const outbox = new Outbox(classPaths().outbox);
  const listeners = new Set<() => void>();
  let news: LearnerNews | undefined;
  let connected = true;
  let sending: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const headers = {
    'content-type': 'application/json',
    'x-class-code': membership.code,
    'x-learner-id': membership.learnerId,
    'x-learner-key': membership.learnerKey,
  };

  async function post(path: string, body?: unknown): Promise<boolean> {
    try {
      const response = await fetch(`${membership.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      const parsed = answerSchema.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !parsed.success) return false;
      const before = JSON.stringify(news);
      news = parsed.data.news;
      if (!connected || before !== JSON.stringify(news)) {
        connected = true;
        changed();
      }
      return true;
    } catch {
      return false;
    }
  }

  async function drain(): Promise<void> {
    while (outbox.size > 0 && !closed) {
      const batch = outbox.peek();
      if (!(await post('/api/events', { events: batch }))) {
        if (connected) {
          connected = false;
          changed();
        }
        const delay = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)] ?? 10_000;
        retry = setTimeout(() => {
          retry = undefined;
          send();
        }, delay);
        retry.unref();
        return;
      }
      failures = 0;
      // Everything in the batch is in the server's log now, including duplicates it skipped.
      outbox.acknowledge(batch.length);
    }
  }

  function send(): void {
    if (sending || retry || closed) return;
    sending = drain().finally(() => (sending = undefined));
  }

  function enqueue(event: LearnerEvent): void {
    outbox.add(event);
    send();
  }

  const poll = options.pollNewsMs
    ? setInterval(() => {
        if (!sending && outbox.size === 0) void post('/api/news');
        else send();
      }, options.pollNewsMs)
    : undefined;
  poll?.unref();
  // Events a previous run could not deliver go first.
  send();

  return {
    membership,
    get news() {
      return news;
    },
    get connected() {
      return connected;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(run) {
      const observer = new RunObserver(run, enqueue);
      return run.subscribe((event) => observer.onEvent(event));
    },
    raiseHand(up) {
      enqueue({ id: newId(), at: Date.now(), type: 'hand', up });
    },
    async flush(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (outbox.size > 0 && Date.now() < deadline) {
        if (retry) {
          clearTimeout(retry);
          retry = undefined;
        }
        send();
        await Promise.race([
          sending,
          new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()))),
        ]);
        if (outbox.size > 0 && !sending)
          await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
      }
      return outbox.size;
    },
    close() {
      closed = true;
      if (poll) clearInterval(poll);
      if (retry) clearTimeout(retry);
    },
  };
}

/** One lesson run's events, folded into the few class events the instructor sees. */
class RunObserver {
  private lessonId = '';
  private readonly firstStarted = new Map<string, number>();
  private failing: { check: string; expectation: string } | undefined;
  private commandFailure: string | undefined;

  constructor(
    private readonly run: LessonRun,
    private readonly enqueue: (event: LearnerEvent) => void,
  ) {}

  onEvent(event: RunEvent): void {
    const words = (text: string) => this.run.redactor.redact(text);
    switch (event.type) {
      case 'lesson-started':
        this.lessonId = event.lessonId;
        this.enqueue({
          id: newId(),
          at: Date.now(),
          type: 'lesson',
          lessonId: event.lessonId,
          title: words(event.title),
          steps: event.steps.map((step) => ({ id: step.id, title: words(step.title) })),
        });
        return;
      case 'step-started':
        this.failing = undefined;
        this.commandFailure = undefined;
        if (!this.firstStarted.has(event.stepId)) this.firstStarted.set(event.stepId, Date.now());
        this.enqueue(this.stepEvent(event.stepId, 'running'));
        return;
      case 'command-finished':
        if (!event.ok && !event.cancelled && this.commandFailure === undefined) {
          this.commandFailure = event.timedOut
            ? 'the command ran past its timeout'
            : `exit code: expected ${event.expectedExit}, actual ${event.exitCode ?? event.signal ?? 'none'}`;
        }
        return;
      case 'check-finished': {
        if (event.result.status === 'passed' || this.failing) return;
        const first = event.result.expectations.find((expectation) => !expectation.passed);
        const where = first?.responseIndex === undefined ? '' : ` (response ${first.responseIndex + 1})`;
        const expectation = first
          ? `${first.subject}${where}: expected ${first.expected}, actual ${first.actual}`
          : event.result.fault
            ? `could not run: ${event.result.fault.code}`
            : 'failed';
        this.failing = { check: words(event.name), expectation: words(expectation) };
        return;
      }
      case 'step-finished': {
        const failed = event.status === 'failed' || event.status === 'error';
        const failure = failed
          ? (this.failing ??
            (this.commandFailure
              ? { check: 'command', expectation: this.commandFailure }
              : event.fault
                ? { check: 'step', expectation: `could not run: ${event.fault.code}` }
                : undefined))
          : undefined;
        this.enqueue(this.stepEvent(event.stepId, event.status, failure));
        return;
      }
      default:
        // Output, commands, files and captured variables stay on the learner's machine.
        return;
    }
  }

  private stepEvent(
    stepId: string,
    status: StepStatus | 'running',
    failure?: { check: string; expectation: string },
  ): LearnerEvent {
    const first = this.firstStarted.get(stepId);
    return {
      id: newId(),
      at: Date.now(),
      type: 'step',
      lessonId: this.lessonId,
      stepId,
      status,
      ...(failure ? { check: failure.check.slice(0, 200), expectation: failure.expectation.slice(0, 300) } : {}),
      timeOnStepMs: first === undefined ? 0 : Date.now() - first,
    };
  }
}
