import {
  evaluateCommandCheck,
  evaluateHttpCheck,
  evaluateK8sCheck,
  type CheckContext,
  type CheckResult,
} from '../checks/index.js';
import type { CheckSpec } from '../lesson/index.js';

/** Sends a check to the evaluator for its kind. */
export async function evaluateCheck(spec: CheckSpec, context: CheckContext): Promise<CheckResult> {
  switch (spec.kind) {
    case 'http':
      return evaluateHttpCheck(spec, context);
    case 'cmd':
      return evaluateCommandCheck(spec, context);
    case 'k8s':
      return evaluateK8sCheck(spec, context);
  }
}
