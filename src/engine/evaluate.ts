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
      if (!context.kube) {
        return {
          kind: 'k8s',
          status: 'error',
          expectations: [],
          attempts: 0,
          durationMs: 0,
          extracted: {},
          fault: {
            code: 'kube-unreachable',
            message: 'this target has no Kubernetes API to check',
            hint: 'run Kubernetes checks with --target kind, or against the sandbox after `kong-workshop apply`',
          },
        };
      }
      return evaluateK8sCheck(spec, context);
  }
}
