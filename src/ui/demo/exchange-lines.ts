import type { CheckItem } from '../../engine/index.js';
import { breakLine, sanitize, span, wrapLine, type Line } from '../styled-text.js';
import { statusMark } from '../status.js';

const INDENT = [span('      ')];

/**
 * For a step that only checks: what the room would see in a terminal, in large print. The
 * request the check sent (method, URL, the headers it set) and the key lines of the answer: the
 * status line, the headers the check read and the body parts it matched, each with its verdict.
 * While the check runs, the status of the latest answer. Undefined before any request went out.
 */
export function exchangeLines(item: CheckItem, width: number): Line[] | undefined {
  const request = item.request;
  if (!request) return undefined;
  const lines: Line[] = [
    ...breakLine(
      [
        span('  → ', { tone: 'accent', bold: true }),
        span(sanitize(`${request.method} ${request.url}`), { bold: true }),
      ],
      width,
      INDENT,
    ),
  ];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(
      ...breakLine([span(`      ${sanitize(name)}: `, { tone: 'muted' }), span(sanitize(value))], width, INDENT),
    );
  const response = item.result?.response;
  const status = response?.status ?? item.responses.at(-1)?.status;
  if (status === undefined) return lines;
  const tone = status === 429 || status >= 500 ? 'failure' : status >= 400 ? 'warning' : 'success';
  const which = item.responses.length > 1 && response?.index !== undefined ? `  response ${response.index + 1}` : '';
  lines.push(blank(), [
    span('  ← ', { tone: 'accent', bold: true }),
    span(`HTTP ${status}`, { tone, bold: true }),
    ...(which ? [span(which, { tone: 'muted' })] : []),
  ]);
  for (const expectation of readExpectations(item)) {
    const mark = statusMark(expectation.passed ? 'passed' : 'failed');
    lines.push(
      ...wrapLine(
        [
          span(`      ${mark.icon} `, { tone: mark.tone }),
          span(`${sanitize(shownSubject(expectation.subject))}: `, { tone: 'muted' }),
          span(sanitize(expectation.actual), { bold: true }),
          ...(expectation.passed ? [] : [span(`  expected ${sanitize(expectation.expected)}`, { tone: 'failure' })]),
        ],
        width,
        [span('        ')],
      ),
    );
  }
  return lines;
}

/** What the check read of the response it shows (the status line already says the status). */
function readExpectations(item: CheckItem) {
  const result = item.result;
  if (!result) return [];
  const index = result.response?.index;
  return result.expectations.filter(
    (expectation) =>
      expectation.subject !== 'status' &&
      (expectation.responseIndex === undefined || index === undefined || expectation.responseIndex === index),
  );
}

/** `header Retry-After` reads as the header line itself; `json message` as the field. */
function shownSubject(subject: string): string {
  return subject.replace(/^header /, '').replace(/^json /, '');
}

function blank(): Line {
  return [];
}
