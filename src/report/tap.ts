import type { CheckItem } from '../engine/index.js';
import { declaredChecks, displayPosition } from './describe.js';
import { DocumentReporter } from './document-reporter.js';

/** TAP version 14: one test point per check, a YAML diagnostic block for each failure. */
export class TapReporter extends DocumentReporter {
  protected render(): string {
    const lines = ['TAP version 14'];
    let n = 0;
    for (const { lesson, state } of this.collector.runs) {
      lines.push(`# ${state.lessonId}: ${state.title} (${state.target ?? ''}, ${state.mode})`);
      for (const step of state.steps) {
        const label = (check: string) => `${state.lessonId} › ${step.title} › ${check}`.replace(/#/g, '\\#');
        if (
          step.fault &&
          step.status === 'error' &&
          !step.items.some((item) => item.kind === 'check' && item.status === 'error')
        ) {
          lines.push(
            `not ok ${++n} - ${label('commands')}`,
            ...yamlBlock({
              message: step.fault.message,
              severity: 'error',
              code: step.fault.code,
              hint: step.fault.hint,
            }),
          );
        }
        const ran = step.items.filter((item): item is CheckItem => item.kind === 'check');
        for (const check of ran) {
          const result = check.result;
          if (result?.judged === false) {
            lines.push(`ok ${++n} - ${label(check.name)} # SKIP not re-checked: declared transient`);
            continue;
          }
          if (!result || result.status === 'passed') {
            lines.push(`ok ${++n} - ${label(check.name)}`);
            continue;
          }
          const failures = result.expectations
            .filter((e) => !e.passed)
            .map((e) => ({
              subject: e.subject,
              ...(e.responseIndex !== undefined ? { response: e.responseIndex + 1 } : {}),
              expected: e.expected,
              actual: e.actual,
            }));
          lines.push(
            `not ok ${++n} - ${label(check.name)}`,
            ...yamlBlock({
              message:
                result.fault?.message ?? `${failures.length} expectation${failures.length === 1 ? '' : 's'} failed`,
              severity: result.status === 'error' ? 'error' : 'fail',
              at: displayPosition(check.source),
              ...(result.fault ? { code: result.fault.code, hint: result.fault.hint } : {}),
              ...(failures.length ? { failures } : {}),
              ...(result.response ? { status: result.response.status } : {}),
            }),
          );
        }
        for (const block of declaredChecks(lesson, step.id).slice(ran.length)) {
          lines.push(
            `ok ${++n} - ${label(block.name)} # SKIP ${
              step.status === 'skipped' ? 'step skipped' : 'an earlier part ' + 'of the step did not pass'
            }`,
          );
        }
      }
    }
    for (const { lesson, reason } of this.collector.skipped) lines.push(`ok ${++n} - ${lesson.id} # SKIP ${reason}`);
    lines.push(`1..${n}`, '');
    return lines.join('\n');
  }
}

/** A TAP YAML block; values are JSON-quoted so any text is valid YAML. */
function yamlBlock(data: Record<string, unknown>): string[] {
  const out = ['  ---'];
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) {
      out.push(`  ${key}:`);
      for (const item of value) {
        const entries = Object.entries(item as Record<string, unknown>);
        for (const [i, [k, v]] of entries.entries()) out.push(`    ${i === 0 ? '- ' : '  '}${k}: ${JSON.stringify(v)}`);
      }
    } else {
      out.push(`  ${key}: ${JSON.stringify(value)}`);
    }
  }
  out.push('  ...');
  return out;
}
