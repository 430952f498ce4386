import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/index.js';
import { createReporter } from '../../src/report/index.js';
import { escapeHtml, html, SafeHtml } from '../../src/report/html-markup.js';
import { Redactor } from '../../src/secrets/index.js';
import { events, file, hostileRun, lesson } from './sample-run.js';

const CANARY = 'kw-canary-91c4e7a2b05d';

function render(stream: readonly RunEvent[], redactor?: Redactor): string {
  let out = '';
  const reporter = createReporter('html', {
    write: (text) => {
      out += text;
    },
    lessons: new Map([[file, lesson]]),
    mode: 'run',
    target: 'sandbox',
    version: '0.1.0',
    redactor,
    now: () => new Date('2026-12-03T04:00:00Z'),
  });
  for (const event of stream) reporter.onEvent(event);
  reporter.end();
  return out;
}

/** Six requests with Kong's counters, the request of each, and the sixth refused. */
function limitedRun(): RunEvent[] {
  const at = events.findIndex((event) => event.type === 'check-finished' && event.blockId === 'limit-1');
  const progress = [4, 3, 2, 1, 0, 0].map(
    (remaining, index): RunEvent => ({
      type: 'check-progress',
      step: 1,
      blockId: 'limit-1',
      progress: {
        type: 'response',
        index,
        of: 6,
        status: index === 5 ? 429 : 200,
        passed: index !== 2,
        rateLimit: {
          'ratelimit-limit': '5',
          'ratelimit-remaining': String(remaining),
          'x-ratelimit-remaining-minute': String(remaining),
          ...(index === 5 ? { 'retry-after': '39' } : {}),
        },
        exchange: {
          method: 'GET',
          url: 'http://127.0.0.1:8000/echo',
          requestHeaders: { apikey: `key-${index + 1}` },
          ...(index === 2 ? { requestBody: '{"order":3}' } : {}),
          headers: {},
          bodyExcerpt: '',
        },
      },
    }),
  );
  const started = events.findIndex((event) => event.type === 'check-started' && event.blockId === 'limit-1');
  return [...events.slice(0, started + 1), ...progress, ...events.slice(at)];
}

describe('html reporter', () => {
  const page = render(events);

  it('is one self-contained page: inline style, no script, nothing fetched', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<style>');
    expect(page).toContain('prefers-color-scheme: dark');
    expect(page).not.toMatch(/<script|<link|<img|@import|src=|url\(\s*['"]?(https?:)?\/\//i);
    expect(page).toContain('<title>FAILED · kong-workshop run on sandbox</title>');
  });

  it('has headings for the run, the lessons and the steps, and tables with header cells', () => {
    expect(page).toMatch(/<h1>kong-workshop run report<\/h1>/);
    expect(page).toMatch(/<h2 id="[^"]+">Per-consumer limits<\/h2>/);
    for (const step of ['Step 1 of 3: Sync the config', 'Step 2 of 3: Hit the limit', 'Step 3 of 3: Reset the window'])
      expect(page).toContain(`>${step}</h3>`);
    expect(page).toContain('<th scope="col">Expected</th>');
    expect(page).toContain('<th scope="row">no key, no entry</th>');
  });

  it('says every status in words and symbols, not only in colour', () => {
    expect(page).toContain('<span class="badge failed"><span aria-hidden="true">✗</span> failed</span>');
    expect(page).toContain('<span class="badge passed"><span aria-hidden="true">✓</span> passed</span>');
    expect(page).toContain('<span class="badge skipped"><span aria-hidden="true">–</span> skipped</span>');
    // The step that never ran names its check as not run.
    expect(page).toMatch(/not run<\/span><\/td><th scope="row">allowed again<\/th>/);
  });

  it('shows each failing expectation with expected and actual, the response, the hint and a link to it', () => {
    expect(page).toMatch(
      new RegExp(
        '<th scope="row">header X-RateLimit-Remaining-Minute</th><td class="num">3</td>\\s*' +
          '<td><code>2</code></td><td><code>3</code></td>',
      ),
    );
    expect(page).toContain('HTTP 429\nretry-after: 39');
    // A JSON body is laid out so its fields can be read.
    expect(page).toContain('{\n  &quot;message&quot;: &quot;API rate limit exceeded&quot;\n}');
    expect(page).toContain('<strong>Hint:</strong> Is the rate-limiting plugin on the consumer?');
    const anchor = page.match(/<article class="failure" id="([^"]+)"/)?.[1];
    expect(anchor).toBeTruthy();
    expect(page).toContain(`<a href="#${anchor}">Per-consumer limits › Hit the limit › six requests</a>`);
    expect(page).toContain('1 check failed');
  });

  it('keeps the commands and their output, open when one failed', () => {
    expect(page).toContain('<details class="command">');
    expect(page).toContain('$ kong-workshop sandbox sync kong.yaml --pat ********');
    expect(page).toContain('synced: 1 service, 1 route');
  });

  it('escapes every string: a title or a body with markup in it is text', () => {
    const hostile = render(hostileRun());
    expect(hostile).not.toMatch(/<script|<img|<b>/);
    expect(hostile).toContain('Limits &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('&quot;&gt;&lt;img src=x onerror=alert(3)&gt;');
    expect(hostile).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(hostile).toContain('x-note: &lt;b&gt;bold&lt;/b&gt;');
    expect(hostile).toContain('<title>FAILED · kong-workshop run on sandbox</title>');
  });

  it('masks a secret the events still carried (a canary), in every form the redactor knows', () => {
    const leaky = events.map((event): RunEvent => {
      if (event.type === 'output') return { ...event, line: `token ${CANARY}` };
      if (event.type === 'lesson-started') return { ...event, title: `Limits for ${CANARY}` };
      return event;
    });
    const redactor = new Redactor();
    redactor.add(CANARY);
    const masked = render(leaky, redactor);
    expect(masked).not.toContain(CANARY);
    expect(masked).not.toContain(CANARY.slice(4, 16));
    expect(masked).toContain('token ********');
    expect(render(leaky)).toContain(CANARY);
  });

  it('draws each rate-limit sequence as a named picture, with the request behind the failure', () => {
    const limited = render(limitedRun());
    const svg = limited.match(/<svg class="rate-chart"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg).toMatch(/role="img" aria-labelledby="([^"]+)"/);
    const labelId = svg.match(/aria-labelledby="([^"]+)"/)?.[1];
    expect(svg).toContain(
      `<title id="${labelId}">six requests: 6 of 6 requests, 5 allowed, 1 refused with 429; ` +
        'remaining 0 of 5 a minute, ' +
        'retry after 39 s; expectations broke at request 3</title>',
    );
    expect(svg.match(/<g class="column /g)).toHaveLength(6);
    expect(svg.match(/<g class="column rejected/g)).toHaveLength(1);
    expect(svg.match(/<g class="column allowed broke/g)).toHaveLength(1);
    expect(svg).toContain('>429</text>');
    expect(limited).toContain('<h4>Rate limit · six requests</h4>');
    // The request of response 3, the one that failed.
    expect(limited).toContain(
      'Request 3 of 6</h5>\n<pre>GET http://127.0.0.1:8000/echo\napikey: key-3\n\n{\n  &quot;order&quot;: 3\n}</pre>',
    );
  });

  it('leaves room for requests a sequence did not send', () => {
    const cut = limitedRun().filter(
      (event) => !(event.type === 'check-progress' && event.progress.type === 'response' && event.progress.index > 2),
    );
    const svg = render(cut).match(/<svg class="rate-chart"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg.match(/<g class="column /g)).toHaveLength(3);
    expect(svg.match(/class="pending"/g)).toHaveLength(3);
  });

  it('lists a lesson that did not run, with why', () => {
    let out = '';
    const reporter = createReporter('html', {
      write: (text) => {
        out += text;
      },
      mode: 'check',
      target: 'kind',
      version: '0.1.0',
    });
    reporter.skipLesson(lesson, 'it does not support the kind target');
    reporter.end();
    expect(out).toContain('<title>PASSED · kong-workshop check on kind</title>');
    expect(out).toContain('it does not support the kind target');
  });
});

describe('html markup', () => {
  it('escapes interpolations unless they are already safe, and joins arrays', () => {
    const name = '<a href="x">&\'';
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;a href=&quot;x&quot;&gt;&amp;&#39;</p>');
    expect(html`<ul>${['<1>', html`<li>2</li>`]}</ul>`.value).toBe('<ul>&lt;1&gt;<li>2</li></ul>');
    expect(html`${undefined}${false}${0}`.value).toBe('0');
    expect(new SafeHtml('<br>').toString()).toBe('<br>');
  });

  it('drops control characters a page cannot show', () => {
    expect(escapeHtml('a\u0000b\u001bc\n')).toBe('abc\n');
  });
});
