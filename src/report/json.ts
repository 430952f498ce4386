import type { CheckItem, CommandItem, StepState } from '../engine/index.js';
import type { Lesson } from '../lesson/index.js';
import { declaredChecks, totals } from './describe.js';
import { DocumentReporter } from './document-reporter.js';

/** One JSON document for machines: every lesson, step, command and check, with expectations. */
export class JsonReporter extends DocumentReporter {
  protected render(): string {
    const { runs, skipped } = this.collector;
    const summary = totals(runs, skipped.length);
    const status = summary.lessons.error
      ? 'error'
      : summary.lessons.failed
        ? 'failed'
        : summary.lessons.cancelled
          ? 'cancelled'
          : 'passed';
    const document = {
      tool: 'kong-workshop',
      version: this.options.version,
      mode: this.options.mode,
      target: this.options.target,
      status,
      summary,
      lessons: [
        ...runs.map(({ lesson, state }) => ({
          id: state.lessonId,
          title: state.title,
          file: state.file,
          target: state.target,
          status: state.status,
          durationMs: round(state.durationMs),
          steps: state.steps.map((step) => stepJson(step, lesson)),
        })),
        ...skipped.map(({ lesson, reason }) => ({
          id: lesson.id,
          title: lesson.title,
          file: lesson.file,
          status: 'skipped',
          reason,
          steps: [],
        })),
      ],
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
}

function stepJson(step: StepState, lesson: Lesson | undefined) {
  const commands = step.items.filter((item): item is CommandItem => item.kind === 'command');
  const checks = step.items.filter((item): item is CheckItem => item.kind === 'check');
  const notRun = declaredChecks(lesson, step.id).slice(checks.length);
  return {
    id: step.id,
    title: step.title,
    status: step.status,
    durationMs: round(step.durationMs),
    fault: step.fault,
    commands: commands.map((command) => ({
      id: command.blockId,
      command: command.command,
      purpose: command.purpose,
      status: command.status,
      exitCode: command.exitCode,
      expectedExit: command.expectedExit,
      durationMs: round(command.durationMs),
      output: command.output.map((line) => (line.stream === 'stderr' ? `[stderr] ${line.line}` : line.line)),
    })),
    checks: [
      ...checks.map((check) => ({
        id: check.blockId,
        name: check.name,
        kind: check.checkKind,
        status: check.result?.judged === false ? 'not-judged' : check.status,
        source: check.source,
        ...(check.result?.note ? { note: check.result.note } : {}),
        attempts: check.result?.attempts,
        durationMs: round(check.result?.durationMs),
        expectations: check.result?.expectations,
        response: check.result?.response,
        observed: check.result?.observed,
        fault: check.result?.fault,
      })),
      ...notRun.map((block) => ({
        id: block.id,
        name: block.name,
        kind: block.spec.kind,
        status: 'not-run',
        source: block.source,
      })),
    ],
  };
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 10) / 10;
}
