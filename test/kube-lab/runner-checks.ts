import { type CheckResult, evaluateK8sCheck } from '../../src/checks/index.js';
import { type K8sCheckSpec, parseLesson } from '../../src/lesson/index.js';
import type { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

/** The workshop's `check k8s` evaluated against a running lab, as a kind-lab lesson would. */
export function checkLab(lab: LabSandbox, spec: K8sCheckSpec): Promise<CheckResult> {
  return evaluateK8sCheck(spec, { kube: lab.kube });
}

/** A `check k8s` block's spec, written as lessons write it (YAML), parsed by the lesson parser. */
export function k8sCheck(yaml: string): K8sCheckSpec {
  const text =
    '---\nid: t\ntitle: T\ntargets: [kind, kind-lab]\n---\n\n## Step\n\n' + `\`\`\`check k8s\n${yaml.trim()}\n\`\`\`\n`;
  const parsed = parseLesson(text, 'check.md');
  const problems = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length || !parsed.lesson) throw new Error(`bad check: ${problems.map((d) => d.message).join('; ')}`);
  const block = parsed.lesson.steps[0]?.blocks.find((b) => b.type === 'check');
  if (block?.type !== 'check' || block.spec.kind !== 'k8s') throw new Error('no check k8s block');
  return block.spec;
}
