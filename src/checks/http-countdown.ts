import type { HttpCheckSpec } from '../lesson/index.js';
import { headerValue, type HttpResponse } from './http-client.js';
import { evaluateResponse, planResponse, type PlannedExpectation } from './http-expectations.js';
import type { ExpectationResult } from './types.js';

export interface CountdownPlan {
  readonly header: string;
  readonly max: number;
  /** `expect`: every response. */
  readonly every: readonly PlannedExpectation[];
  /** `last`: the refusal. */
  readonly last: readonly PlannedExpectation[];
}

/**
 * Judges a `countdown:` sequence response by response, relative to what the first one says: the
 * count falls by one on each allowed response, the last allowed one says 0, and the next is
 * refused. So it holds whatever the learner's own requests left of the window, and it stops
 * sending at the first answer that breaks the pattern rather than spending more of it.
 */
export class Countdown {
  private previous: number | undefined;
  private allowed = 0;
  private refused = false;

  constructor(private readonly plan: CountdownPlan) {}

  /** Judges response `index` into `into`; `over` once the sequence has nothing more to show. */
  judge(response: HttpResponse, index: number, into: ExpectationResult[]): { passed: boolean; over: boolean } {
    const subject = `header ${this.plan.header}`;
    let passed = evaluateResponse(this.plan.every, response, index, into);
    const fail = (entry: Omit<ExpectationResult, 'passed'>) => {
      into.push({ ...entry, passed: false });
      passed = false;
    };
    if (response.status < 200 || response.status >= 300) {
      this.refused = true;
      if (this.allowed === 0)
        fail({
          subject: 'status',
          expected: 'an allowed request to count down from',
          actual: `${response.status}`,
          responseIndex: index,
        });
      else if (this.previous !== 0)
        fail({
          subject,
          expected: '0 on the last allowed response',
          actual: `${this.previous}`,
          responseIndex: index - 1,
        });
      passed = evaluateResponse(this.plan.last, response, index, into) && passed;
      return { passed, over: true };
    }
    const text = headerValue(response, this.plan.header.toLowerCase());
    const value = text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
    const expected = this.previous === undefined ? 'a count' : `${this.previous - 1} (one less than before)`;
    const held = value !== undefined && (this.previous === undefined || value === this.previous - 1);
    if (held) into.push({ subject, passed: true, expected, actual: `${value}`, responseIndex: index });
    else fail({ subject, expected, actual: text ?? '(absent)', responseIndex: index });
    this.previous = value;
    this.allowed++;
    return { passed, over: !held };
  }

  /** After `max` requests that all counted down: Kong never refused, so this is no countdown to a refusal. */
  finish(into: ExpectationResult[]): void {
    if (this.refused) return;
    into.push({
      subject: 'status',
      passed: false,
      expected: `a refusal within ${this.plan.max} requests`,
      actual: `${this.allowed} allowed`,
    });
  }
}

/** The countdown a check describes, planned once per check; undefined for other checks. */
export function planCountdown(spec: HttpCheckSpec): CountdownPlan | undefined {
  if (!spec.countdown) return undefined;
  return {
    ...spec.countdown,
    every: planResponse(spec.expect),
    last: spec.last ? planResponse(spec.last) : [],
  };
}
