/**
 * The projected page: one self-contained document (no CDN, no font, no image files), served by
 * the class server. Its script reads the instructor token from the URL fragment (never sent to
 * the server in a request line or a log), follows /api/stream, and builds every piece of text
 * with textContent: a learner's name can never become markup.
 */
export const CLASS_PAGE_SCRIPT = `
'use strict';
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('instructor') || '';
const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = String(text);
  return e;
};
const SYMBOL = { p: '✓', f: '✗', e: '!', r: '…', s: '–', c: '⊘', '.': '' };
const WORD = { p: 'passed', f: 'failed', e: 'error', r: 'running', s: 'skipped', c: 'cancelled', '.': 'not started' };
let view = null;
let skew = 0;

function mmss(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

function renderClock() {
  const box = $('timeboxes');
  box.replaceChildren();
  if (!view) return;
  const now = Date.now() + skew;
  for (const lesson of view.lessons) {
    if (lesson.timeboxEndsAt === undefined) continue;
    const left = lesson.timeboxEndsAt - now;
    const item = el('div', left <= 0 ? 'timebox over' : left < 120000 ? 'timebox soon' : 'timebox');
    item.append(el('span', 'tb-lesson', lesson.title), el('span', 'tb-time', left <= 0 ? 'time is up' : mmss(left)));
    box.append(item);
  }
}

function render(v) {
  view = v;
  skew = v.now - Date.now();
  document.title = v.name + ' — kong-workshop class';
  $('name').textContent = v.name;
  const plural = (n, noun) => n + ' ' + noun + (n === 1 ? '' : 's');
  const handsUp = plural(v.totals.hands, 'hand') + ' up';
  $('totals').textContent = plural(v.totals.learners, 'learner') + ' · ' + handsUp + ' · ' + v.totals.stuck + ' stuck';
  $('pace').textContent = v.pace ? 'Paced to ' + v.pace.label : '';
  $('broadcast').textContent = v.broadcast ? 'Message: ' + v.broadcast.text : '';
  $('broadcast').hidden = !v.broadcast;
  renderClock();

  const hands = $('hands');
  hands.replaceChildren();
  for (const l of v.learners.filter((l) => l.hand).sort((a, b) => a.handSince - b.handSince)) {
    const pos = l.position !== undefined ? v.columns[l.position].label : '';
    hands.append(el('li', 'hand', '▲ ' + l.name + (pos ? ' (at ' + pos + ')' : '')));
  }
  if (!hands.children.length) hands.append(el('li', 'none', 'no hands up'));

  const stuck = $('stuck');
  stuck.replaceChildren();
  for (const l of v.learners.filter((l) => l.stuck).sort((a, b) => b.stuck.minutes - a.stuck.minutes)) {
    const li = el('li', 'stuck');
    li.append(
      el('strong', '', l.name),
      el('span', '', ' ' + l.stuck.label + ' · ' + l.stuck.minutes + ' min · '),
      el('code', '', l.stuck.expectation || l.stuck.check),
    );
    stuck.append(li);
  }
  if (!stuck.children.length) stuck.append(el('li', 'none', 'nobody stuck for ' + v.stuckMinutes + ' min'));

  const failures = $('failures');
  failures.replaceChildren();
  for (const f of v.failures) {
    const li = el('li');
    li.append(
      el('span', 'label', f.label),
      el('span', 'count', ' ' + f.count + ' of ' + f.of + ': '),
      el('code', '', f.expectation),
    );
    failures.append(li);
  }
  if (!failures.children.length) failures.append(el('li', 'none', 'no failing checks'));

  const histogram = $('histogram');
  histogram.replaceChildren();
  const max = Math.max(1, ...v.histogram);
  v.columns.forEach((c, i) => {
    const bar = el('div', 'bar' + (c.notYet ? ' notyet' : ''));
    bar.title = c.lessonTitle + ' — ' + c.stepTitle;
    const fill = el('div', 'fill');
    fill.style.height = Math.round((v.histogram[i] / max) * 100) + '%';
    bar.append(el('span', 'n', v.histogram[i] || ''), fill, el('span', 'x', c.label));
    histogram.append(bar);
  });

  const grid = $('grid');
  const head = el('tr');
  head.append(el('th', 'who', 'learner'));
  for (const c of v.columns) {
    const th = el('th', c.notYet ? 'notyet' : '', c.label);
    th.title = c.lessonTitle + ' — ' + c.stepTitle + (c.notYet ? ' (not yet)' : '');
    head.append(th);
  }
  const rows = [head];
  for (const l of v.learners) {
    const tr = el('tr', l.stuck ? 'is-stuck' : '');
    tr.append(el('th', 'who', (l.hand ? '▲ ' : '') + l.name));
    [...l.cells].forEach((code, i) => {
      const notYet = v.columns[i].notYet && code === '.';
      const td = el('td', 'c-' + code + (notYet ? ' notyet' : ''), notYet ? '·' : SYMBOL[code]);
      td.title = l.name + ' · ' + v.columns[i].label + ' · ' + (notYet ? 'not yet' : WORD[code]);
      tr.append(td);
    });
    rows.push(tr);
  }
  grid.replaceChildren(...rows);
  $('status').textContent = 'live';
  $('status').className = 'live';
}

async function follow() {
  if (!token) {
    $('status').textContent = 'open this page with the link class start printed (it carries the instructor token)';
    return;
  }
  for (;;) {
    try {
      const response = await fetch('/api/stream', { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' });
      if (response.status === 401) {
        $('status').textContent = 'the instructor token in this link is wrong';
        $('status').className = 'down';
        return;
      }
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\\n\\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\\n');
          if (data) render(JSON.parse(data));
        }
      }
    } catch (error) {
      // The server restarted or the network blinked: say so, and try again in a second.
    }
    $('status').textContent = 'reconnecting…';
    $('status').className = 'down';
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
setInterval(renderClock, 1000);
follow();
`;

const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #111111;
  --muted: #555555;
  --line: #cccccc;
  --pass: #0a7d28;
  --fail: #c4141b;
  --run: #8a6d00;
  --hand: #6f2dbd;
  --soft: #f2f2f2;
  --notyet: repeating-linear-gradient(45deg, transparent 0 6px, rgba(128,128,128,.18) 6px 12px);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116;
    --fg: #f2f4f8;
    --muted: #b4bcc8;
    --line: #3a414d;
    --pass: #4cd07d;
    --fail: #ff6b6b;
    --run: #ffd24d;
    --hand: #c9a2ff;
    --soft: #1b2029;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  padding: 1.2rem 1.6rem;
  background: var(--bg);
  color: var(--fg);
  font: 22px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
header {
  display: flex;
  flex-wrap: wrap;
  gap: .4rem 1.6rem;
  align-items: baseline;
  border-bottom: 3px solid var(--line);
  padding-bottom: .5rem;
}
h1 { font-size: 2.1rem; margin: 0; }
h2 { font-size: 1.25rem; margin: 0 0 .4rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
#totals { font-size: 1.5rem; font-weight: 600; }
#pace { font-size: 1.3rem; color: var(--muted); }
#status { margin-left: auto; font-size: 1rem; }
#status.live::before { content: "● "; color: var(--pass); }
#status.down { color: var(--fail); }
#broadcast {
  margin: .6rem 0 0;
  padding: .5rem .8rem;
  background: var(--soft);
  border-left: 6px solid var(--hand);
  font-size: 1.4rem;
}
#timeboxes { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: .6rem; }
.timebox { padding: .3rem .8rem; border: 3px solid var(--line); border-radius: .4rem; font-size: 1.5rem; }
.timebox .tb-time { font-variant-numeric: tabular-nums; font-weight: 700; margin-left: .6rem; }
.timebox.soon { border-color: var(--run); }
.timebox.over { border-color: var(--fail); color: var(--fail); }
main { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1.2rem 2rem; margin-top: 1rem; }
section { min-width: 0; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: .2rem 0; }
li.none { color: var(--muted); }
li.hand { font-size: 1.5rem; font-weight: 700; color: var(--hand); }
li.stuck strong { color: var(--fail); }
code { font: 600 .95em ui-monospace, "DejaVu Sans Mono", Menlo, monospace; overflow-wrap: anywhere; }
#failures .label { font-weight: 700; }
#histogram { display: flex; align-items: flex-end; gap: 4px; height: 9rem; border-bottom: 2px solid var(--line); }
.bar {
  flex: 1 1 0;
  min-width: 14px;
  height: 100%;
  display: flex;
  flex-direction: column;
  justify-content: flex-end;
  align-items: center;
  position: relative;
}
.bar .fill { width: 100%; background: var(--run); min-height: 2px; transition: height .3s ease; }
.bar .n { font-size: .8rem; font-weight: 700; }
.bar .x { position: absolute; bottom: -1.3rem; font-size: .7rem; color: var(--muted); }
.bar.notyet .fill { background: var(--line); }
.gridwrap { overflow: auto; grid-column: 1 / -1; margin-top: 1.2rem; }
table { border-collapse: collapse; font-size: 1.05rem; }
th, td { border: 1px solid var(--line); padding: .15rem .3rem; text-align: center; min-width: 2.1rem; }
th.who { text-align: left; white-space: nowrap; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; }
td.c-p { color: var(--pass); font-weight: 700; }
td.c-f, td.c-e { color: var(--bg); background: var(--fail); font-weight: 700; }
td.c-r { color: var(--run); }
.notyet { background: var(--notyet); color: var(--muted); }
tr.is-stuck th.who { color: var(--fail); }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    transition: none !important;
    animation: none !important;
  }
}
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;

export const CLASS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>kong-workshop class</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1 id="name">kong-workshop class</h1>
  <span id="totals"></span>
  <span id="pace"></span>
  <span id="status" role="status">connecting…</span>
</header>
<p id="broadcast" hidden></p>
<div id="timeboxes" aria-live="polite"></div>
<main>
  <section aria-labelledby="h-hist"><h2 id="h-hist">Where the class is</h2><div id="histogram"></div></section>
  <section aria-labelledby="h-hands"><h2 id="h-hands">Raised hands</h2><ul id="hands"></ul></section>
  <section aria-labelledby="h-fail"><h2 id="h-fail">Most common failure per step</h2><ul id="failures"></ul></section>
  <section aria-labelledby="h-stuck"><h2 id="h-stuck">Stuck</h2><ul id="stuck"></ul></section>
  <div class="gridwrap"><table id="grid" aria-label="learners by steps"></table></div>
</main>
<script>${CLASS_PAGE_SCRIPT}</script>
</body>
</html>
`;
