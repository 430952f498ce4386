import type { ResponseSummary } from '../checks/index.js';
import { html, type SafeHtml } from './html-markup.js';
import type { Exchange } from './html-step.js';

/** The request behind a failing response: method, URL and the headers sent (secrets masked). */
export function requestBlock(exchange: Exchange, index: number | undefined, repeat: number): SafeHtml {
  const lines = [
    `${exchange.method} ${exchange.url}`,
    ...Object.entries(exchange.requestHeaders).map(([name, value]) => `${name}: ${value}`),
  ];
  const body = exchange.requestBody ? readableBody(exchange.requestBody) : '';
  return html`<section class="request" aria-label="Request">
<h5>Request${ordinal(index, repeat)}</h5>
<pre>${lines.join('\n')}${body ? `\n\n${body}` : ''}</pre>
</section>`;
}

/** The response the check judged: status, headers and the start of the body (JSON laid out). */
export function responseBlock(response: ResponseSummary, repeat: number): SafeHtml {
  const lines = [
    `HTTP ${response.status}`,
    ...Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  const body = readableBody(response.bodyExcerpt);
  return html`<section class="response" aria-label="Response">
<h5>Response${ordinal(response.index, repeat)}</h5>
<pre>${lines.join('\n')}${body ? `\n\n${body}` : ''}</pre>
</section>`;
}

function ordinal(index: number | undefined, repeat: number): string {
  return repeat > 1 && index !== undefined ? ` ${index + 1} of ${repeat}` : '';
}

/** A JSON body indented, so its fields can be read; anything else (or a cut JSON excerpt) as it came. */
export function readableBody(excerpt: string): string {
  const trimmed = excerpt.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return excerpt;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return excerpt;
  }
}
