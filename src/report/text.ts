import type { CheckItem, RunEvent, RunState } from '../engine/index.js';
import { earlierStepNote } from '../engine/model.js';
import type { Lesson } from '../lesson/index.js';
import { formatDuration } from '../shared/index.js';
import { RunCollector } from './collector.js';
import {
  checkFacts,
  countPhrase,
  displayPath,
  displayPosition,
  failureLines,
  responseLines,
  sequenceSummary,
  stepHint,
  totals,
} from './describe.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import type { Style } from './style.js';

/**
 * The default report: a readable log that streams as the run goes, for terminals and CI logs.
 *
 *   Protect a route with key-auth (key-auth) · sandbox at http://127.0.0.1:8000
 *
 *   [1/2] Turn on key-auth
 *     $ kong-workshop sandbox sync key-auth.yaml
 *       │ sync: 1 service, 1 route, 1 plugin
 *     ✓ no key, no entry · 12ms
 */
export class TextReporter implements Reporter {
  private readonly collector: RunCollector;
  private state: RunState | undefined;
  private checkFaultInStep = false;

  constructor(
    private readonly options: ReporterOptions,
    private readonly style: Style,
  ) {
    this.collector = new RunCollector(options.lessons);
  }

  onEvent(event: RunEvent): void {
    this.collector.onEvent(event);
    this.state = this.collector.runs.at(-1)?.state;
    const s = this.style;
    switch (event.type) {
      case 'lesson-started':
        this.write(
          `\n${s.bold(event.title)} ${s.dim(
            `(${event.lessonId}) · ` +
              `${event.mode === 'check' ? 'checking' : 'running'} on ${event.targetDescription}`,
          )}`,
        );
        break;
      case 'step-started':
        this.checkFaultInStep = false;
        this.write(
          `\n${s.bold(`[${event.step + 1}/${this.state?.steps.length ?? '?'}] ${event.title}`)}` +
            (event.mode === 'check' && this.state?.mode === 'run' ? s.dim(' (checks)') : ''),
        );
        break;
      case 'file-written':
        this.write(`  ${s.dim('wrote')} ${displayPath(event.path)}`);
        break;
      case 'command-started':
        if (event.purpose === 'run')
          this.write(
            event.command
              .split('\n')
              .map((line, i) => `  ${i === 0 ? s.cyan('$') : ' '} ${line}`)
              .join('\n'),
          );
        break;
      case 'output':
        if (!this.options.quiet)
          this.write(`    ${s.dim('│')} ${event.stream === 'stderr' ? s.yellow(event.line) : event.line}`);
        break;
      case 'command-finished':
        if (!event.ok && !event.cancelled && !event.timedOut)
          this.write(
            `  ${s.red('✗')} exit ${event.exitCode ?? event.signal} ${s.dim(
              `(expected ${event.expectedExit}) · ` + `${formatDuration(event.durationMs)}`,
            )}`,
          );
        else if (event.ok) this.write(`  ${s.dim(`✓ exit ${event.exitCode} · ${formatDuration(event.durationMs)}`)}`);
        break;
      case 'variable-captured':
        this.write(`  ${s.dim(`→ ${event.name} = ${event.value}`)}`);
        break;
      case 'check-started':
      case 'check-progress':
        break;
      case 'check-finished':
        this.writeCheck(event.step, event.blockId);
        break;
      case 'step-finished':
        this.writeStepEnd(event);
        break;
      case 'lesson-finished': {
        const word =
          event.status === 'passed'
            ? s.green('PASSED')
            : event.status === 'failed'
              ? s.red('FAILED')
              : s.red(event.status.toUpperCase());
        if (event.fault) this.write(`  ${s.red('✗')} ${event.fault.message}\n    hint: ${event.fault.hint}`);
        this.write(
          `\n${word} ${this.state?.title ?? ''} · ${countPhrase('step', event.counts)} · ` +
            `${formatDuration(event.durationMs)}`,
        );
        break;
      }
    }
  }

  skipLesson(lesson: Lesson, reason: string): void {
    this.collector.skip(lesson, reason);
    this.write(`\n${this.style.bold(lesson.title)} ${this.style.dim(`(${lesson.id})`)} — skipped: ${reason}`);
  }

  end(): void {
    const { runs, skipped } = this.collector;
    if (runs.length + skipped.length < 2) return;
    const t = totals(runs, skipped.length);
    this.write(`\n${countPhrase('lesson', t.lessons)} · ${countPhrase('check', t.checks)}`);
  }

  private writeCheck(step: number, blockId: string): void {
    const item = this.state?.steps[step]?.items.findLast(
      (candidate): candidate is CheckItem => candidate.kind === 'check' && candidate.blockId === blockId,
    );
    if (!item?.result) return;
    const s = this.style;
    const facts = [checkFacts(item), sequenceSummary(item)].filter(Boolean).join(' · ');
    if (item.result.judged === false) {
      this.write(`  ${s.dim('»')} ${item.name}${s.dim(` · ${item.result.note ?? 'not judged'}`)}`);
      return;
    }
    if (item.result.status === 'passed') {
      this.write(`  ${s.green('✓')} ${item.name}${facts ? s.dim(` · ${facts}`) : ''}`);
      if (item.result.note) this.write(`      ${s.dim(item.result.note)}`);
      return;
    }
    this.write(`  ${s.red('✗')} ${item.name}${facts ? s.dim(` · ${facts}`) : ''}`);
    for (const line of failureLines(item.result)) this.write(`      ${line}`);
    if (item.result.stoppedEarly) this.write(`      ${s.yellow(item.result.stoppedEarly)}`);
    if (item.result.note) this.write(`      ${s.dim(item.result.note)}`);
    if (item.result.fault) {
      this.checkFaultInStep = true;
      this.write(`      hint: ${item.result.fault.hint}`);
    }
    if (item.result.response) {
      this.write(`      ${s.dim('last response:')}`);
      for (const line of responseLines(item.result.response)) this.write(`        ${s.dim(line)}`);
    }
    if (item.result.observed) this.write(`      ${s.dim(`observed: ${JSON.stringify(item.result.observed)}`)}`);
    // The check's position, and the first failing expectation's when it is elsewhere (an output
    // block's differing line, a check's expectation key).
    const first = item.result.expectations.find((expectation) => !expectation.passed)?.source;
    const also =
      first && (first.line !== item.source.line || first.file !== item.source.file)
        ? `, first failing expectation at ${first.line}:${first.column}`
        : '';
    this.write(`      ${s.dim(`at ${displayPosition(item.source)}${also}`)}`);
  }

  private writeStepEnd(event: Extract<RunEvent, { type: 'step-finished' }>): void {
    const s = this.style;
    const stepId = event.stepId;
    switch (event.status) {
      case 'passed':
        this.write(`  ${s.green('PASS')} ${s.dim(formatDuration(event.durationMs))}`);
        return;
      case 'skipped': {
        const step = this.state?.steps[event.step];
        // A step skipped without starting never printed its header.
        if (step?.mode === undefined)
          this.write(
            `\n${s.bold(`[${event.step + 1}/${this.state?.steps.length ?? '?'}] ${step?.title ?? stepId}`)} ` +
              `${s.dim('skipped')}`,
          );
        else this.write(`  ${s.dim('nothing to check')}`);
        return;
      }
      case 'cancelled':
        this.write(`  ${s.yellow('STOPPED')}`);
        return;
      case 'failed':
      case 'error': {
        if (event.fault && !this.checkFaultInStep)
          this.write(`  ${s.red('✗')} ${event.fault.message}\n    hint: ${event.fault.hint}`);
        const earlier = this.state && event.status === 'failed' ? earlierStepNote(this.state, event.step) : undefined;
        if (earlier) this.write(`  ${s.yellow('note:')} ${earlier}`);
        const hint = stepHint(this.options.lessons?.get(this.state?.file ?? ''), stepId);
        if (hint && event.status === 'failed') this.write(`  ${s.yellow('hint:')} ${hint}`);
        this.write(
          `  ${s.red(event.status === 'failed' ? 'FAIL' : 'ERROR')} ${s.dim(formatDuration(event.durationMs))}`,
        );
        return;
      }
    }
  }

  private write(text: string): void {
    this.options.write(`${text}\n`);
  }
}
