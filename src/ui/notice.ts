import type { Notice } from '../workshop/index.js';
import { assertNever } from '../shared/index.js';
import { span, truncateLine, wrapLine, type Line } from './styled-text.js';
import { statusMark, type StatusMark } from './status.js';

/**
 * The status lines: what the workshop is busy with (with a spinner), else the latest notice and
 * its hint, wrapped to at most two lines; none when there is nothing to say.
 */
export function noticeLines(notice: Notice | undefined, busy: string | undefined, width: number, frame = 0): Line[] {
  if (busy) {
    const mark = statusMark('running', frame);
    return [truncateLine([span(`${mark.icon} `, { tone: mark.tone }), span(busy)], width)];
  }
  if (!notice) return [];
  const mark = noticeMark(notice.level);
  const lines = wrapLine(
    [
      span(`${mark.icon} `, { tone: mark.tone }),
      span(notice.text, { tone: mark.tone }),
      ...(notice.hint ? [span(` · ${notice.hint}`, { tone: 'muted' })] : []),
    ],
    width,
    [span('  ')],
  );
  return lines.length > 2 ? [lines[0]!, truncateLine([...lines[1]!, span(' …')], width)] : lines;
}

function noticeMark(level: Notice['level']): StatusMark {
  switch (level) {
    case 'info':
      return { icon: 'ℹ', tone: 'accent', label: 'note' };
    case 'success':
      return statusMark('passed');
    case 'warning':
      return { icon: '!', tone: 'warning', label: 'warning' };
    case 'error':
      return statusMark('error');
    default:
      return assertNever(level);
  }
}
