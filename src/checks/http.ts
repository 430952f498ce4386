import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpCheckSpec } from '../lesson/index.js';
import {
  createRequestSender,
  flatHeaders,
  headerValue,
  headerValues,
  isFault,
  prepareRequest,
  type HttpResponse,
  type PreparedRequest,
  type RequestSender,
} from './http-client.js';
import {
  BadPathError,
  badPathFault,
  evaluateResponse,
  planExpectations,
  type ExpectationPlan,
} from './http-expectations.js';
import { extractVariables, planExtractions, type PlannedExtraction } from './http-extract.js';
import { cancelledFault } from './cancelled.js';
import { Countdown, planCountdown, type CountdownPlan } from './http-countdown.js';
import type { CookieJar } from './cookies.js';
import { settleCheck } from './settle.js';
import { pollUntilDone, type AttemptOutcome } from './poll.js';
import { windowWait, worthWaiting, type WindowWait } from './rate-limit-window.js';
import { describeFailure } from './summary.js';
import type { CheckContext, CheckResult, ExpectationResult, Fault, ResponseSummary } from './types.js';

const BODY_EXCERPT_CHARS = 500;
const VERBOSE_BODY_CHARS = 300;

/** What one run of the whole request sequence found. */
interface SequenceOutcome {
  readonly expectations: readonly ExpectationResult[];
  readonly response?: ResponseSummary;
  readonly fault?: Fault;
  readonly extracted: Readonly<Record<string, string>>;
  /** It held as a later lesson leaves the gateway (`later:`), not as written in `expect`. */
  readonly heldAs?: string;
}

/** One attempt, with the rate-limit window its failure is about, if any. */
type SequenceAttempt = AttemptOutcome<SequenceOutcome> & { readonly window?: WindowWait };

/** What the attempts of one check share: whether it already waited for a window, and what to say about it. */
interface PollMemory {
  windowWaited: boolean;
  readonly notes: string[];
}

interface PreparedCheck {
  readonly spec: HttpCheckSpec;
  readonly request: PreparedRequest;
  readonly plan: ExpectationPlan;
  readonly countdown?: CountdownPlan;
  readonly extractions: readonly PlannedExtraction[];
}

/**
 * Runs an HTTP check: the request (or `repeat` sequence), every expectation on every
 * response, `eventually` polling, and `extract` once it passes. Never throws for a failed
 * check or an unreachable target: those are results.
 */
export async function evaluateHttpCheck(spec: HttpCheckSpec, context: CheckContext = {}): Promise<CheckResult> {
  const started = performance.now();
  const prepared = prepare(withCookies(spec, context.cookies));
  if (isFault(prepared)) return settleCheck('http', { expectations: [], fault: prepared }, 0, started);
  if (context.signal?.aborted) return settleCheck('http', { expectations: [], fault: cancelledFault() }, 0, started);

  const memory: PollMemory = { windowWaited: false, notes: [] };
  const polled = await pollUntilDone((_attempt) => runSequence(prepared, context, memory), spec.eventually, {
    signal: context.signal,
    onProgress: context.onProgress,
  });
  const outcome = polled.cancelled && !polled.value.fault ? { ...polled.value, fault: cancelledFault() } : polled.value;
  const notes = [...memory.notes, ...(outcome.heldAs ? [outcome.heldAs] : [])];
  const result = settleCheck('http', outcome, polled.attempts, started);
  const noted = notes.length > 0 ? { ...result, note: notes.join('; ') } : result;
  return polled.stoppedEarly && result.status === 'failed' ? { ...noted, stoppedEarly: polled.stoppedEarly } : noted;
}

/** The step's cookies for this request's host, unless the lesson sets a Cookie header itself. */
function withCookies(spec: HttpCheckSpec, jar: CookieJar | undefined): HttpCheckSpec {
  if (!jar || Object.keys(spec.request.headers).some((name) => name.toLowerCase() === 'cookie')) return spec;
  let url: URL;
  try {
    url = new URL(spec.request.url);
  } catch {
    return spec;
  }
  const cookie = jar.header(url);
  return cookie ? { ...spec, request: { ...spec.request, headers: { ...spec.request.headers, cookie } } } : spec;
}

function prepare(spec: HttpCheckSpec): PreparedCheck | Fault {
  const request = prepareRequest(spec.request);
  if (isFault(request)) return request;
  try {
    const countdown = planCountdown(spec);
    const plan = planExpectations(spec);
    return { spec, request, plan, ...(countdown ? { countdown } : {}), extractions: planExtractions(spec.extract) };
  } catch (error) {
    if (error instanceof BadPathError) return badPathFault(error);
    throw error;
  }
}

async function runSequence(
  check: PreparedCheck,
  context: CheckContext,
  memory: PollMemory,
): Promise<AttemptOutcome<SequenceOutcome>> {
  const sender = createRequestSender(check.request, context.signal);
  let outcome: SequenceAttempt;
  try {
    outcome = await sendAndEvaluate(check, context, sender);
  } finally {
    sender.close();
  }
  return outcome.done || outcome.final || !check.spec.eventually ? outcome : awaitWindow(outcome, context, memory);
}

/**
 * A failure about a spent (or partly spent) rate-limit window: rather than polling through it,
 * spending what is left, the next attempt starts the next window. On the sandbox the check moves
 * its clock there and says so; elsewhere it waits the seconds the response named. Once per check:
 * a counter that is still off at a window's start is the configuration's doing, not the clock's.
 */
async function awaitWindow(
  outcome: SequenceAttempt,
  context: CheckContext,
  memory: PollMemory,
): Promise<AttemptOutcome<SequenceOutcome>> {
  const wait = outcome.window;
  if (!wait || memory.windowWaited) return outcome;
  if (context.advanceClock) {
    try {
      await context.advanceClock(wait.seconds * 1000);
    } catch {
      return outcome;
    }
    memory.windowWaited = true;
    memory.notes.push(
      `${wait.reason}: moved the sandbox clock ${wait.seconds}s forward to the next window ` +
        `(as kong-workshop sandbox advance ${wait.seconds}s does)`,
    );
    return {
      ...outcome,
      failure: `${wait.reason}; moved the sandbox clock to the next window`,
      retryInMs: 0,
      knownWaitMs: 0,
    };
  }
  if (!worthWaiting(wait)) return outcome;
  memory.windowWaited = true;
  memory.notes.push(`${wait.reason}: waited for the next window (up to ${wait.seconds}s)`);
  const failure = `${wait.reason}; waiting for the next window (up to ${wait.seconds}s)`;
  const knownWaitMs = wait.seconds * 1000;
  // Kong does not count a refused request, so a spent window is watched at the usual pace and the
  // first answer after the reset starts the new one; a partly spent window is slept out.
  return wait.spent
    ? { ...outcome, failure, knownWaitMs }
    : { ...outcome, failure, knownWaitMs, retryInMs: knownWaitMs };
}

async function sendAndEvaluate(
  check: PreparedCheck,
  context: CheckContext,
  sender: RequestSender,
): Promise<SequenceAttempt> {
  const { spec, plan } = check;
  const countdown = check.countdown ? new Countdown(check.countdown) : undefined;
  const count = check.countdown ? check.countdown.max : plan.responses.length;
  let over = false;
  const expectations: ExpectationResult[] = [];
  let failing: Seen | undefined;
  let last: Seen | undefined;
  const received: HttpResponse[] = [];
  const shown = () => summarize(failing ?? last);

  for (let index = 0; index < count && !over; index++) {
    if (index > 0 && spec.intervalMs > 0) {
      try {
        await sleep(spec.intervalMs, undefined, { signal: context.signal });
      } catch {
        return faulted(expectations, shown(), cancelledFault());
      }
    }
    const response = await sender.send();
    if (isFault(response)) return faulted(expectations, shown(), response);
    received.push(response);
    context.cookies?.store(check.request.url, headerValues(response, 'set-cookie'));

    let passed: boolean;
    if (countdown) ({ passed, over } = countdown.judge(response, index, expectations));
    else passed = evaluateResponse(plan.responses[index]!, response, count > 1 ? index : undefined, expectations);
    last = { response, index };
    if (!passed) failing ??= last;
    context.onProgress?.({
      type: 'response',
      index,
      of: count,
      status: response.status,
      passed,
      rateLimit: rateLimitHeaders(response),
      exchange: {
        method: check.request.method,
        url: check.request.href,
        requestHeaders: check.request.headers,
        ...(check.request.body ? { requestBody: check.request.body.slice(0, VERBOSE_BODY_CHARS) } : {}),
        headers: flatHeaders(response),
        bodyExcerpt: response.body.slice(0, VERBOSE_BODY_CHARS),
      },
    });
  }

  if (countdown && !over) {
    countdown.finish(expectations);
    failing ??= last;
  }
  let extracted: Record<string, string> = {};
  if (!failing && check.extractions.length > 0) {
    const taken = extractVariables(check.extractions, last!.response);
    expectations.push(...taken.failures);
    if (taken.failures.length === 0) extracted = taken.values;
  }
  const firstFailure = expectations.find((outcome) => !outcome.passed);
  const value: SequenceOutcome = { expectations, response: shown(), extracted };
  if (!firstFailure) return { done: true, value };
  const later = heldLater(check, received);
  if (later) {
    const heldAs =
      `holds as lesson ${later.lesson} leaves the gateway ` +
      `(not as this step leaves it: ${describeFailure(firstFailure)})`;
    return { done: true, value: { expectations: later.expectations, response: shown(), extracted: {}, heldAs } };
  }
  return {
    done: false,
    value,
    failure: describeFailure(firstFailure),
    final: context.appliesConfigAtOnce ? hopeless(check, failing, expectations) : undefined,
    window: failing ? windowWait(received, failing.index, expectations) : undefined,
  };
}

/** The first `later:` state every response meets, with its expectations as evaluated. */
function heldLater(
  check: PreparedCheck,
  responses: readonly HttpResponse[],
): { readonly lesson: string; readonly expectations: ExpectationResult[] } | undefined {
  const count = responses.length;
  for (const { lesson, expectations: planned } of check.plan.later) {
    const expectations: ExpectationResult[] = [];
    const all = responses.every((response, index) =>
      evaluateResponse(planned, response, count > 1 ? index : undefined, expectations),
    );
    if (all && count > 0) return { lesson, expectations };
  }
  return undefined;
}

/**
 * A failure waiting will not fix, in Kong's own words: a 404 "no Route matched" (nothing adds a
 * route while a check polls), or a 401 for a request that sends no credential at all. Only when
 * the check did not expect that very status.
 */
function hopeless(
  check: PreparedCheck,
  failing: Seen | undefined,
  expectations: readonly ExpectationResult[],
): string | undefined {
  if (!failing) return undefined;
  const { response } = failing;
  // The status was wrong on that response: the check did not expect this very status.
  const statusWrong = expectations.some(
    (e) => !e.passed && e.subject === 'status' && (e.responseIndex === undefined || e.responseIndex === failing.index),
  );
  if (!statusWrong) return undefined;
  if (response.status === 404 && /no Route matched/i.test(response.body))
    return 'stopped waiting: Kong has no route for this request (404 “no Route matched”), and waiting will not add one';
  const headers = Object.keys(check.spec.request.headers ?? {}).map((name) => name.toLowerCase());
  const sendsCredential =
    headers.some((name) => name === 'authorization' || name === 'apikey' || name.includes('key')) ||
    /[?&][^=]*key=/i.test(check.spec.request.url);
  if (response.status === 401 && !sendsCredential)
    return 'stopped waiting: the request sends no credential, so Kong will keep answering 401';
  return undefined;
}

interface Seen {
  readonly response: HttpResponse;
  readonly index: number;
}

/** A network fault ends the attempt; only a cancel ends the polling too. */
function faulted(
  expectations: readonly ExpectationResult[],
  response: ResponseSummary | undefined,
  fault: Fault,
): AttemptOutcome<SequenceOutcome> {
  return {
    done: fault.code === 'cancelled',
    value: { expectations, response, fault, extracted: {} },
    failure: fault.message,
  };
}

/** The response shown with a result: the first that failed an expectation, else the last. */
function summarize(seen: Seen | undefined): ResponseSummary | undefined {
  if (!seen) return undefined;
  const { response, index } = seen;
  const body = response.body;
  const bodyExcerpt = body.length > BODY_EXCERPT_CHARS ? `${body.slice(0, BODY_EXCERPT_CHARS)}…` : body;
  return { status: response.status, headers: flatHeaders(response), bodyExcerpt, bodyLength: body.length, index };
}

/** X-RateLimit-*, RateLimit-* and Retry-After, for the live rate-limit chart. */
function rateLimitHeaders(response: HttpResponse): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of Object.keys(response.headers)) {
    if (name.startsWith('x-ratelimit-') || name.startsWith('ratelimit') || name === 'retry-after') {
      const value = headerValue(response, name);
      if (value !== undefined) found[name] = value;
    }
  }
  return found;
}
