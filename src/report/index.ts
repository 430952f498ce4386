import { HtmlReporter } from './html.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import type { Reporter, ReporterKind, ReporterOptions } from './reporter.js';
import { createStyle } from './style.js';
import { TapReporter } from './tap.js';
import { TextReporter } from './text.js';

export type { Reporter, ReporterKind, ReporterOptions } from './reporter.js';
export type { CollectedRun } from './collector.js';
export { LiveLine, verboseLines, type LiveOutput } from './live.js';
export { createStyle, shouldColor, type Style } from './style.js';

/** Creates the reporter `--format` names. */
export function createReporter(kind: ReporterKind, options: ReporterOptions): Reporter {
  switch (kind) {
    case 'text':
      return new TextReporter(options, createStyle(options.color ?? false));
    case 'json':
      return new JsonReporter(options);
    case 'junit':
      return new JunitReporter(options);
    case 'tap':
      return new TapReporter(options);
    case 'html':
      return new HtmlReporter(options);
  }
}

// The HTML report's parts, for other pages of the same look (verify's).
export { htmlPage, type PageParts } from './html-page.js';
export { anchorId, escapeHtml, html, SafeHtml } from './html-markup.js';
export { statusBadge, type BadgeStatus } from './html-step.js';
