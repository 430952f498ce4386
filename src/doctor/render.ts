import type { DoctorItem, DoctorReport, DoctorStatus } from './types.js';

export interface RenderOptions {
  /** ANSI colours; callers pass `stream.isTTY && !NO_COLOR`. */
  readonly color: boolean;
}

const SYMBOL: Record<DoctorStatus, string> = { pass: '✔', warn: '!', fail: '✖' };
const COLOUR: Record<DoctorStatus, number> = { pass: 32, warn: 33, fail: 31 };

/** The report for a terminal or a pasted issue: one line per item, its fix indented below. */
export function renderDoctorText(report: DoctorReport, options: RenderOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[0m` : text);
  const width = Math.max(...report.items.map((item) => item.title.length));
  const lines = [`kong-workshop doctor: target ${report.target} (${report.platform})`, ''];
  for (const item of report.items) {
    lines.push(`  ${paint(COLOUR[item.status], SYMBOL[item.status])} ${item.title.padEnd(width)}  ${item.detail}`);
    if (item.fix && item.status !== 'pass') lines.push(`    ${' '.repeat(width)}  ${paint(2, 'fix:')} ${item.fix}`);
  }
  lines.push('', summarizeDoctor(report));
  return `${lines.join('\n')}\n`;
}

/** One line, for the end of the report and the TUI's home screen. */
export function summarizeDoctor(report: DoctorReport): string {
  const failed = report.items.filter((item) => item.status === 'fail');
  const { pass, warn } = report.counts;
  const warnings = warn ? `, ${warn} warning${warn > 1 ? 's' : ''}` : '';
  const tally = `${pass} ok${warnings}${failed.length ? `, ${failed.length} failed` : ''}`;
  if (report.ok) return `Ready for the ${report.target} target (${tally}).`;
  return (
    `Not ready for the ${report.target} target: ${names(failed)} (${tally}). Fix the ✖ items and run ` +
    `\`kong-workshop doctor --target ${report.target}\` again.`
  );
}

function names(items: readonly DoctorItem[]): string {
  const titles = items.map((item) => item.title);
  return titles.length <= 3 ? titles.join(', ') : `${titles.slice(0, 3).join(', ')} and ${titles.length - 3} more`;
}
