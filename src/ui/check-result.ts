import type { ExpectationResult, ResponseSummary } from '../checks/index.js';
import type { CheckItem } from '../engine/index.js';
import { formatDuration } from '../shared/index.js';
import { breakLine, sanitize, span, wrapLine, type Line } from './styled-text.js';
import { cutMarkerLine, keepLines, moreCharacters, type CutView } from './cut.js';
import { statusMark } from './status.js';

/**
 * A failed response's body on a compact screen: this many lines, then a marker. Enough for the
 * 500 characters a result keeps of most bodies (pretty JSON included); the output pane scrolls.
 */
const BODY_LINES = 24;
/** An expectation's expected/actual text on a compact screen: this many lines, then a marker. */
const VALUE_LINES = 4;

/** Passing expectations listed one by one up to this many; beyond, a count says the rest held. */
const PASSES_LISTED = 8;

/**
 * A check as it runs and as it ended: polling shows the attempt and the time left; a result
 * shows each expectation with ✓ or ✗, expected and actual, and for a failed HTTP check the
 * response that came back.
 */
export function checkResultLines(item: CheckItem, width: number, frame: number, view: CutView = {}): Line[] {
  // A transient check a re-check could not judge is shown as passed over, never as a pass.
  const mark = statusMark(item.result?.judged === false ? 'skipped' : item.status, frame);
  const indent = [span('    ')];
  const head = wrapLine(
    [span(`${mark.icon} `, { tone: mark.tone }), span(item.name, { bold: true }), ...headFacts(item)],
    width,
    indent,
  );
  if (item.status === 'running') {
    const last = item.attempt?.lastFailure;
    return last
      ? [...head, ...wrapLine([span(`  last try: ${sanitize(last)}`, { tone: 'muted' })], width, indent)]
      : head;
  }
  const result = item.result;
  if (!result) return head;
  const lines = [...head];
  if (result.fault) {
    lines.push(
      ...wrapLine([span(`  ${statusMark('error').icon} ${result.fault.message}`, { tone: 'failure' })], width, indent),
    );
    lines.push(...wrapLine([span(`  hint: ${result.fault.hint}`, { tone: 'muted' })], width, indent));
  }
  lines.push(...expectationLines(result.expectations, width, view));
  if (result.stoppedEarly)
    lines.push(...wrapLine([span(`  ${result.stoppedEarly}`, { tone: 'warning' })], width, indent));
  if (result.note) lines.push(...wrapLine([span(`  ${sanitize(result.note)}`, { tone: 'muted' })], width, indent));
  if (result.status === 'failed' && result.response) lines.push(...responseLines(result.response, width, view));
  return lines;
}

function headFacts(item: CheckItem): Line {
  const facts: string[] = [];
  if (item.status === 'running') {
    if (item.repeat > 1) facts.push(`request ${Math.min(item.responses.length + 1, item.repeat)}/${item.repeat}`);
    if (item.attempt) {
      facts.push(`attempt ${item.attempt.number}`);
      facts.push(`${Math.max(0, Math.ceil((item.attempt.timeoutMs - item.attempt.elapsedMs) / 1000))}s left`);
    }
  } else if (item.result) {
    if (item.result.attempts > 1) facts.push(`after ${item.result.attempts} attempts`);
    facts.push(formatDuration(item.result.durationMs));
  }
  return facts.length ? [span(` · ${facts.join(' · ')}`, { tone: 'muted' })] : [];
}

/**
 * The response a failed check got: its status, then its body as it came (lines kept, long ones
 * broken), up to the 500 characters a result keeps; a marker says what the screen or the check left out.
 */
function responseLines(response: ResponseSummary, width: number, view: CutView): Line[] {
  const prefix = [span('    │ ', { tone: 'muted' })];
  const kept = response.bodyExcerpt.endsWith('…') ? response.bodyExcerpt.slice(0, -1) : response.bodyExcerpt;
  const body = sanitize(kept)
    .replace(/\n+$/, '')
    .split('\n')
    .flatMap((text) => breakLine([...prefix, span(text, { tone: 'muted' })], width, prefix));
  const lines: Line[] = [[span(`  response: HTTP ${response.status}`, { tone: 'muted' })]];
  if (kept.trim() === '') return lines;
  const shown = view.full ? { lines: body, cut: 0 } : keepLines(body, BODY_LINES, '    ');
  if (shown.cut && view.cuts) view.cuts.count++;
  lines.push(...shown.lines);
  const notKept = (response.bodyLength ?? kept.length) - kept.length;
  if (notKept > 0) lines.push(cutMarkerLine(`${moreCharacters(notKept)} (not kept)`, '    '));
  return lines;
}

function expectationLines(expectations: readonly ExpectationResult[], width: number, view: CutView): Line[] {
  const indent = [span('      ')];
  const failing = expectations.filter((e) => !e.passed);
  const passing = expectations.filter((e) => e.passed);
  const listed = passing.length <= PASSES_LISTED || view.full ? passing : passing.slice(0, PASSES_LISTED - 1);
  const lines: Line[] = [];
  for (const expectation of expectations) {
    if (expectation.passed && !listed.includes(expectation)) continue;
    const mark = statusMark(expectation.passed ? 'passed' : 'failed');
    const text = expectation.passed ? passedText(expectation) : describeExpectation(expectation);
    // A value of several lines (a command's stdout) keeps them: squashed onto one it reads as one.
    const [first = '', ...more] = text.split('\n');
    const style = expectation.passed ? { tone: 'muted' as const } : {};
    const wrapped = [
      ...wrapLine([span(`  ${mark.icon} `, { tone: mark.tone }), span(sanitize(first), style)], width, indent),
      ...more.flatMap((line) => breakLine([...indent, span(sanitize(line), style)], width, indent)),
    ];
    const shown = view.full ? { lines: wrapped, cut: 0 } : keepLines(wrapped, VALUE_LINES, '      ');
    if (shown.cut && view.cuts) view.cuts.count++;
    lines.push(...shown.lines);
  }
  const rest = passing.length - listed.length;
  if (rest > 0) {
    if (view.cuts) view.cuts.count++;
    lines.push([span(`  ${statusMark('passed').icon} ${rest} more expectations held`, { tone: 'muted' })]);
  }
  if (failing.length === 0 && expectations.length === 0) return [];
  return lines;
}

/**
 * Worded as the text report words it ("response 3 · header X: expected 2, actual 3"), without loading the reporters.
 */
function describeExpectation(expectation: ExpectationResult): string {
  const where = expectation.responseIndex !== undefined ? `response ${expectation.responseIndex + 1} · ` : '';
  return `${where}${expectation.subject}: expected ${expectation.expected}, actual ${expectation.actual}`;
}

function passedText(expectation: ExpectationResult): string {
  const where = expectation.responseIndex !== undefined ? `response ${expectation.responseIndex + 1} · ` : '';
  return (
    `${where}${expectation.subject}: ` +
    `${
      expectation.actual === expectation.expected
        ? expectation.actual
        : `${expectation.expected} (actual ` + `${expectation.actual})`
    }`
  );
}
