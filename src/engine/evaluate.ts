import {
  evaluateCommandCheck,
  evaluateHttpCheck,
  evaluateK8sCheck,
  type CheckContext,
  type CheckResult,
} from '../checks/index.js';
import type { CheckSpec } from '../lesson/index.js';
import { requestRefusal } from '../trust/index.js';

/**
 * Where a lesson's HTTP checks may send requests: anywhere (a bundled or trusted lesson), or only
 * to these origins (the target's own URLs) for a lesson nobody trusted.
 */
export type RequestPolicy = { readonly anywhere: true } | { readonly anywhere: false; readonly origins: string[] };

/** Sends a check to the evaluator for its kind; a request the policy forbids is not sent at all. */
export async function evaluateCheck(
  spec: CheckSpec,
  context: CheckContext,
  policy: RequestPolicy = { anywhere: true },
): Promise<CheckResult> {
  switch (spec.kind) {
    case 'http': {
      const refusal = policy.anywhere ? undefined : requestRefusal(spec.request.url, policy.origins);
      return refusal ? refused(refusal) : evaluateHttpCheck(spec, context);
    }
    case 'cmd':
      return evaluateCommandCheck(spec, context);
    case 'k8s':
      return evaluateK8sCheck(spec, context);
  }
}

function refused(message: string): CheckResult {
  return {
    kind: 'http',
    status: 'error',
    expectations: [],
    attempts: 0,
    durationMs: 0,
    extracted: {},
    fault: {
      code: 'untrusted-request',
      message,
      hint: 'read the lesson; if you trust it, run it with --trust (or answer y when the workshop asks)',
    },
  };
}
