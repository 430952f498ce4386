import type { RunEvent } from '../engine/model.js';
import type { Style } from './style.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export interface LiveOutput {
  write(text: string): void;
  readonly columns?: number;
}

/**
 * What a headless run shows on a terminal while a check polls: one line, redrawn in place
 * (attempt, last result, time left), gone before the report's next line. Only for a terminal:
 * piped output stays plain. Events reach it already masked.
 */
export class LiveLine {
  private shown = false;
  private name = '';
  private frame = 0;

  constructor(
    private readonly out: LiveOutput,
    private readonly style: Style,
  ) {}

  onEvent(event: RunEvent): void {
    if (event.type === 'check-started') {
      this.name = event.name;
      return;
    }
    if (event.type !== 'check-progress') {
      if (event.type === 'check-finished' || event.type === 'step-finished' || event.type === 'output') this.clear();
      return;
    }
    const progress = event.progress;
    const facts =
      progress.type === 'attempt'
        ? [
            `attempt ${progress.attempt}`,
            ...(progress.lastFailure ? [`last: ${progress.lastFailure}`] : []),
            `${Math.max(0, Math.ceil((progress.timeoutMs - progress.elapsedMs) / 1000))}s left`,
          ]
        : progress.of > 1
          ? [`request ${progress.index + 1}/${progress.of}`, `HTTP ${progress.status}`]
          : [];
    if (facts.length === 0) return;
    this.draw(`  ${SPINNER[this.frame++ % SPINNER.length]} ${this.name} · ${facts.join(' · ')}`);
  }

  /** Removes the line, so the next line of the report starts clean. */
  clear(): void {
    if (!this.shown) return;
    this.out.write('\r\u001B[2K');
    this.shown = false;
  }

  private draw(text: string): void {
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const fitted = [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
    this.out.write(`\r\u001B[2K${this.style.dim(fitted)}`);
    this.shown = true;
  }
}

/**
 * `--verbose`: every request a check sends and the response it got, as they happen. The engine
 * masked secrets before the event left it; bodies are cut short.
 */
export function verboseLines(event: RunEvent): string[] {
  if (event.type !== 'check-progress' || event.progress.type !== 'response') return [];
  const exchange = event.progress.exchange;
  if (!exchange) return [];
  const lines = [`    > ${exchange.method} ${exchange.url}`];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) lines.push(`    > ${name}: ${value}`);
  const sent = exchange.requestBody?.replaceAll(/\s+/g, ' ').trim();
  if (sent) lines.push(`    > ${sent}`);
  lines.push(`    < HTTP ${event.progress.status}`);
  for (const [name, value] of Object.entries(exchange.headers)) lines.push(`    < ${name}: ${value}`);
  const body = exchange.bodyExcerpt.replaceAll(/\s+/g, ' ').trim();
  if (body) lines.push(`    < ${body}`);
  return lines;
}
