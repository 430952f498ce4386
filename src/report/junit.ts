import type { CheckItem, CommandItem } from '../engine/index.js';
import { declaredChecks, describeExpectation, displayPath, responseLines } from './describe.js';
import { DocumentReporter } from './document-reporter.js';

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly file: string;
  readonly line?: number;
  readonly seconds: number;
  readonly outcome?: {
    readonly tag: 'failure' | 'error' | 'skipped';
    readonly type?: string;
    readonly message: string;
    readonly detail?: string;
  };
}

/**
 * JUnit XML for CI dashboards: one test suite per lesson, one test case per check, named
 * `<lesson>.<step>` › `<check>`, plus a case for a step whose commands failed before its checks.
 */
export class JunitReporter extends DocumentReporter {
  protected render(): string {
    const suites: string[] = [];
    let all = { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 };
    for (const { lesson, state } of this.collector.runs) {
      const cases: TestCase[] = [];
      const file = displayPath(state.file);
      for (const step of state.steps) {
        const classname = `${state.lessonId}.${step.id}`;
        const commandFailure = step.items.find(
          (item): item is CommandItem => item.kind === 'command' && item.status !== 'ok' && item.status !== 'running',
        );
        if (
          commandFailure ||
          (step.fault && step.status === 'error' && !step.items.some((item) => item.kind === 'check'))
        ) {
          cases.push({
            classname,
            name: `${step.title} (commands)`,
            file,
            seconds: (commandFailure?.durationMs ?? 0) / 1000,
            outcome: {
              tag: 'error',
              type: step.fault?.code ?? 'command-failed',
              message: step.fault
                ? `${step.fault.message}; hint: ${step.fault.hint}`
                : `command ${commandFailure?.status}`,
              detail: commandFailure
                ? [`$ ${commandFailure.command}`, ...commandFailure.output.slice(-40).map((line) => line.line)].join(
                    '\n',
                  )
                : undefined,
            },
          });
        }
        const ran = step.items.filter((item): item is CheckItem => item.kind === 'check');
        for (const check of ran) cases.push(checkCase(classname, file, check));
        for (const block of declaredChecks(lesson, step.id).slice(ran.length)) {
          const reason =
            step.status === 'skipped'
              ? 'the step was skipped'
              : 'an earlier command or check in this step did not pass';
          cases.push({
            classname,
            name: block.name,
            file,
            line: block.source.line,
            seconds: 0,
            outcome: { tag: 'skipped', message: reason },
          });
        }
      }
      const count = (tag: string) => cases.filter((c) => c.outcome?.tag === tag).length;
      const seconds = (state.durationMs ?? 0) / 1000;
      const stats = {
        tests: cases.length,
        failures: count('failure'),
        errors: count('error'),
        skipped: count('skipped'),
        seconds,
      };
      all = {
        tests: all.tests + stats.tests,
        failures: all.failures + stats.failures,
        errors: all.errors + stats.errors,
        skipped: all.skipped + stats.skipped,
        seconds: all.seconds + seconds,
      };
      suites.push(
        [
          `  <testsuite name="${xml(`${state.lessonId}: ${state.title}`)}" file="${xml(file)}" ` +
            `tests="${stats.tests}" failures="${stats.failures}" errors="${stats.errors}" skipped="${stats.skipped}" ` +
            `time="${seconds.toFixed(3)}">`,
          `    <properties><property name="target" value="${xml(state.target ?? '')}"/><property name="mode" ` +
            `value="${state.mode}"/></properties>`,
          ...cases.map(renderCase),
          '  </testsuite>',
        ].join('\n'),
      );
    }
    for (const { lesson, reason } of this.collector.skipped) {
      suites.push(
        `  <testsuite name="${xml(`${lesson.id}: ${lesson.title}`)}" file="${xml(displayPath(lesson.file))}" ` +
          `tests="1" failures="0" errors="0" skipped="1" time="0">\n    <testcase classname="${xml(lesson.id)}" ` +
          `name="${xml(lesson.title)}" time="0"><skipped message="${xml(reason)}"/></testcase>\n  </testsuite>`,
      );
      all.tests++;
      all.skipped++;
    }
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="kong-workshop ${this.options.mode}" tests="${all.tests}" failures="${all.failures}" ` +
        `errors="${all.errors}" skipped="${all.skipped}" time="${all.seconds.toFixed(3)}">`,
      ...suites,
      '</testsuites>',
      '',
    ].join('\n');
  }
}

function checkCase(classname: string, file: string, check: CheckItem): TestCase {
  const result = check.result;
  const base = {
    classname,
    name: check.name,
    file,
    line: check.source.line,
    seconds: (result?.durationMs ?? 0) / 1000,
  };
  if (result?.judged === false) return { ...base, outcome: { tag: 'skipped', message: result.note ?? 'not judged' } };
  if (!result || result.status === 'passed') return base;
  if (result.status === 'error') {
    return {
      ...base,
      outcome: {
        tag: 'error',
        type: result.fault?.code ?? 'error',
        message: `${result.fault?.message ?? 'error'}; hint: ${result.fault?.hint ?? ''}`,
      },
    };
  }
  const failing = result.expectations.filter((e) => !e.passed).map(describeExpectation);
  const detail = [
    ...failing,
    ...(result.response ? ['', 'last response:', ...responseLines(result.response)] : []),
    ...(result.observed ? ['', `observed: ${JSON.stringify(result.observed)}`] : []),
  ];
  return {
    ...base,
    outcome: { tag: 'failure', type: 'check-failed', message: failing[0] ?? 'check failed', detail: detail.join('\n') },
  };
}

function renderCase(test: TestCase): string {
  const open =
    `    <testcase classname="${xml(test.classname)}" name="${xml(test.name)}" ` +
    `file="${xml(test.file)}"${test.line ? ` line="${test.line}"` : ''} time="${test.seconds.toFixed(3)}"`;
  if (!test.outcome) return `${open}/>`;
  const { tag, type, message, detail } = test.outcome;
  const attributes = `message="${xml(message)}"${type ? ` type="${xml(type)}"` : ''}`;
  const body = detail ? `>${xml(detail)}</${tag}>` : '/>';
  return `${open}>\n      <${tag} ${attributes}${body}\n    </testcase>`;
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 forbids. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
