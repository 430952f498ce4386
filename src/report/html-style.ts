// The report's whole stylesheet, inline: the file must open offline, mailed or archived by CI, with
// nothing fetched. Light and dark follow the reader's system; every status also has a word and a
// symbol, so the colours only repeat what the text says.
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --code-bg: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --info: #0969da; --bar: #2da44e; --other: #8c959f; --accent: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22; --code-bg: #161b22;
    --ok: #3fb950; --ok-bg: #12261e; --bad: #ff7b72; --bad-bg: #2d1214; --warn: #d29922; --warn-bg: #272115;
    --info: #58a6ff; --bar: #2ea043; --other: #6e7681; --accent: #58a6ff;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 70rem; padding: 2rem 1.5rem 4rem;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, Cantarell, sans-serif;
}
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
h1, h2, h3, h4, h5 { line-height: 1.25; margin: 0; }
h1 { font-size: 1.9rem; }
h2 { font-size: 1.45rem; }
h3 { font-size: 1.15rem; }
h4 { font-size: 1.02rem; }
h5 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: .35rem; }
code, pre, .mono {
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
code { font-size: .9em; }
pre {
  margin: 0; padding: .75rem .9rem; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px;
  font-size: .85rem; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere;
}
.muted { color: var(--muted); }
header.run { display: grid; gap: .75rem; padding-bottom: 1.25rem; border-bottom: 1px solid var(--line); }
header.run .title { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; }
header.run .summary { margin: 0; font-size: 1.15rem; font-weight: 600; }
dl.facts { display: flex; flex-wrap: wrap; gap: .25rem 1.75rem; margin: 0; }
dl.facts div { display: flex; gap: .4rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.badge {
  display: inline-flex; align-items: center; gap: .3em; padding: .1em .55em; border-radius: 999px;
  font-size: .78rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; white-space: nowrap;
  border: 1px solid currentColor;
}
.badge.passed { color: var(--ok); background: var(--ok-bg); }
.badge.failed, .badge.error { color: var(--bad); background: var(--bad-bg); }
.badge.cancelled, .badge.not-judged { color: var(--warn); background: var(--warn-bg); }
.badge.skipped, .badge.not-run, .badge.pending, .badge.running { color: var(--muted); background: var(--panel); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: 0 0 .4rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
thead th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.broke td, tr.broke th { background: var(--bad-bg); }
tbody th .muted { font-weight: 400; font-size: .85rem; }
ul.problems { font-weight: 400; margin: .3rem 0 0; padding-left: 1.1rem; color: var(--bad); }
nav.failures { border: 1px solid var(--bad); border-left-width: 4px; border-radius: 6px; padding: .75rem 1rem; }
nav.failures h2 { font-size: 1rem; margin-bottom: .35rem; }
nav.failures ul { margin: 0; padding-left: 1.2rem; }
section.lesson { margin-top: 2.5rem; }
section.lesson > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .6rem; margin-bottom: .25rem; }
section.step { margin-top: 1.25rem; padding: 1rem 1.1rem; border: 1px solid var(--line); border-radius: 8px; }
section.step.failed, section.step.error { border-left: 4px solid var(--bad); }
section.step.passed { border-left: 4px solid var(--ok); }
section.step > header { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; margin-bottom: .75rem; }
section.step > header .muted { margin-left: auto; font-size: .85rem; }
.block { margin-top: .9rem; }
details.command { border: 1px solid var(--line); border-radius: 6px; margin-top: .5rem; }
details.command > summary { cursor: pointer; padding: .45rem .7rem; font-size: .88rem; }
details.command > pre { border: 0; border-top: 1px solid var(--line); border-radius: 0 0 6px 6px; }
.fault { color: var(--bad); }
.note { border-left: 3px solid var(--warn); padding: .2rem .7rem; color: var(--fg); background: var(--warn-bg); }
.hint { border-left: 3px solid var(--info); padding: .2rem .7rem; }
article.failure {
  margin-top: 1rem; padding: .9rem 1rem; border-radius: 8px; background: var(--panel); border: 1px solid var(--line);
}
article.failure > h4 { display: flex; align-items: center; gap: .5rem; margin-bottom: .3rem; }
.exchange { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: .9rem; margin-top: .9rem; }
figure.chart { margin: 1.1rem 0 0; }
figure.chart figcaption {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem 1rem; margin-bottom: .4rem;
}
.legend {
  display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; color: var(--muted); margin: 0; padding: 0;
}
.legend li { list-style: none; display: inline-flex; align-items: center; gap: .35rem; }
.swatch { width: .9rem; height: .9rem; border-radius: 3px; display: inline-block; border: 1px solid var(--line); }
.swatch.allowed { background: var(--bar); }
.swatch.rejected { background: repeating-linear-gradient(45deg, var(--bad) 0 3px, var(--bad-bg) 3px 6px); }
.swatch.other { background: var(--other); }
svg.rate-chart { width: 100%; height: auto; max-width: 720px; display: block; }
svg.rate-chart text { font: 12px system-ui, sans-serif; fill: var(--muted); }
svg.rate-chart .bar.allowed { fill: var(--bar); }
svg.rate-chart .bar.other { fill: var(--other); }
svg.rate-chart .hatch-bg { fill: var(--bad-bg); }
svg.rate-chart .hatch-line { stroke: var(--bad); }
svg.rate-chart .bar.rejected { stroke: var(--bad); stroke-width: 1.5; }
svg.rate-chart .pending { fill: none; stroke: var(--line); stroke-dasharray: 4 3; }
svg.rate-chart .axis { stroke: var(--line); }
svg.rate-chart .limit { stroke: var(--muted); stroke-dasharray: 6 4; }
svg.rate-chart text.bar-label { fill: var(--fg); font-weight: 600; }
svg.rate-chart text.refused { fill: var(--bad); font-weight: 700; }
svg.rate-chart text.mark-broke { fill: var(--bad); font-size: 16px; font-weight: 700; }
svg.rate-chart text.status { font-family: ui-monospace, monospace; }
svg.rate-chart .broke .bar { stroke: var(--bad); stroke-width: 2.5; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
@media print { details.command { break-inside: avoid; } section.step { break-inside: avoid; } }
`;
