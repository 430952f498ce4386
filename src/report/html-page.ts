import { html, SafeHtml } from './html-markup.js';
import { REPORT_CSS } from './html-style.js';
import { type BadgeStatus, statusBadge } from './html-step.js';

export interface PageParts {
  /** The browser tab's title, e.g. `FAILED · kong-workshop run on sandbox`. */
  readonly title: string;
  readonly heading: string;
  readonly status: BadgeStatus;
  /** The badge's word, when not the status's own. */
  readonly statusWord?: string;
  /** One line under the heading: the result in numbers. */
  readonly summary: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly generatedAt: Date;
  readonly version: string;
  readonly main: SafeHtml;
}

/** The frame every HTML report shares: head with the inline stylesheet, the run's header, a footer. */
export function htmlPage(parts: PageParts): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="kong-workshop ${parts.version}">
<title>${parts.title}</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
<header class="run">
<div class="title"><h1>${parts.heading}</h1> ${statusBadge(parts.status, parts.statusWord)}</div>
<p class="summary">${parts.summary}</p>
<dl class="facts">
${parts.facts.map(([name, value]) => html`<div><dt>${name}</dt><dd>${value}</dd></div>`)}
<div><dt>Generated</dt>
<dd><time datetime="${parts.generatedAt.toISOString()}">${when(parts.generatedAt)}</time></dd></div>
</dl>
</header>
<main>
${parts.main}
</main>
<footer>Written by kong-workshop ${parts.version}. Secrets are masked as ********.</footer>
</body>
</html>
`.value;
}

function when(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
