import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchValue } from '../../src/checks/index.js';
import { focusOf, previewText } from '../../src/checks/preview.js';
import { activityLines } from '../../src/ui/activity-lines.js';
import { keepLines, moreCharacters, moreLines } from '../../src/ui/cut.js';
import { trustPlanLines } from '../../src/ui/dialog-lines.js';
import { homeLines } from '../../src/ui/home-lines.js';
import { columnWidths, markdownLines } from '../../src/ui/markdown.js';
import { lessonScreen } from '../../src/ui/lesson-screen.js';
import { rateLimitChartLines } from '../../src/ui/rate-limit-chart.js';
import { lineText, lineWidth, span, type Line } from '../../src/ui/styled-text.js';
import { firstStepPassed, fixtureLesson, homeState, openLesson, secondStepFailed } from './fixtures.js';
import { LAST_OUTPUT_LINE, stepWithCuts } from './pager-fixtures.js';

const texts = (lines: readonly Line[]) => lines.map(lineText);
const lessonsDir = join(import.meta.dirname, '../../lessons');

/** Every markdown table of the bundled lessons, as written. */
function bundledTables(): { file: string; table: string }[] {
  return readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.md'))
    .flatMap((file) => {
      const tables: string[] = [];
      let current: string[] = [];
      for (const line of readFileSync(join(lessonsDir, file), 'utf8').split('\n')) {
        if (line.startsWith('|')) current.push(line);
        else if (current.length) {
          tables.push(current.join('\n'));
          current = [];
        }
      }
      if (current.length) tables.push(current.join('\n'));
      return tables.map((table) => ({ file, table }));
    });
}

const words = (table: string) =>
  table
    .split('\n')
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .flatMap((line) => line.replaceAll(/[|`*]/g, ' ').split(/\s+/))
    .filter(Boolean);

describe('tables wrap their cells, never cut them', () => {
  const tables = bundledTables();

  it('finds the bundled tables (lesson 00 targets, lesson 01 tokens)', () => {
    expect(tables.map((t) => t.file)).toEqual(expect.arrayContaining(['00-setup.md', '01-auth-configuration.md']));
  });

  // The text pane is one column narrower than the terminal (the scroll marker's column).
  for (const width of [79, 119, 59]) {
    it(`shows every word of every bundled table at ${width} columns, aligned, within the width`, () => {
      for (const { file, table } of tables) {
        const lines = markdownLines(table, { width });
        const shown = texts(lines);
        for (const line of lines) expect(lineWidth(line), `${file} at ${width}`).toBeLessThanOrEqual(width);
        // The lessons write … themselves (`kong-workshop sandbox …`): no more of them than that.
        const ellipses = (text: string) => text.split('…').length - 1;
        expect(ellipses(shown.join('\n')), file).toBe(ellipses(table));
        const flowing = shown.join(' ').replaceAll('│', ' ');
        for (const word of words(table)) expect(flowing, `${file}: ${word}`).toContain(word);
        // Every row's dividers sit in the same columns as the header's.
        const bars = (text: string) => [...text].flatMap((char, i) => (char === '│' ? [i] : []));
        for (const text of shown.filter((t) => t.includes('│'))) expect(bars(text)).toEqual(bars(shown[0]!));
      }
    });
  }

  it("wraps lesson 01's token table at 120 columns instead of cutting its last column", () => {
    const table = tables.find((t) => t.file === '01-auth-configuration.md')!.table;
    const shown = texts(markdownLines(table, { width: 119 }));
    expect(shown.join('\n')).toContain('pipelines, operators: anything that');
    expect(shown.some((line) => line.trimEnd().endsWith('not a person'))).toBe(true);
  });

  it('wraps at word boundaries and breaks only a token longer than its column', () => {
    const shown = texts(
      markdownLines('| a | b |\n| - | - |\n| short | averyveryverylongtoken and words |', { width: 20 }),
    );
    expect(shown.join('\n')).not.toContain('…');
    expect(shown.join('').replaceAll(/[\s│]/g, '')).toContain('short');
    expect(shown.join('').replaceAll(/[\s│─┼]/g, '')).toContain('abshortaveryveryverylongtokenandwords');
  });

  it('takes cells from the widest column first, down to its longest word, then below', () => {
    expect(columnWidths([10, 40], [5, 8], 100)).toEqual([10, 40]);
    expect(columnWidths([10, 40], [5, 8], 30)).toEqual([10, 20]);
    expect(columnWidths([30, 40], [25, 8], 30)).toEqual([15, 15]);
    expect(columnWidths([30, 40], [3, 3], 12)).toEqual([6, 6]);
  });
});

describe('cut markers: one wording, a count', () => {
  it('counts lines and characters', () => {
    expect(moreLines(1)).toBe('… 1 more line');
    expect(moreLines(12)).toBe('… 12 more lines');
    expect(moreCharacters(340)).toBe('… 340 more characters');
  });

  it('keeps at most max lines, the last giving way to the marker', () => {
    const lines = Array.from({ length: 10 }, (_, i) => [span(`l${i}`)]);
    const kept = keepLines(lines, 4);
    expect(texts(kept.lines)).toEqual(['l0', 'l1', 'l2', '  … 7 more lines']);
    expect(kept.cut).toBe(7);
    expect(keepLines(lines, 10).cut).toBe(0);
  });
});

describe('the output of a step, compact and in full', () => {
  const lesson = fixtureLesson();
  const step = openLesson(lesson, stepWithCuts(lesson)).run.steps[0];

  it('folds a script after its first line, counted, and counts what it cut', () => {
    const cuts = { count: 0 };
    const shown = texts(activityLines(step, 80, 0, undefined, 'hidden', { cuts }));
    expect(shown[0]).toContain('$ for i in $(seq 60); do');
    expect(shown[1]).toBe('    … 2 more lines');
    expect(shown.join('\n')).not.toContain('(+');
    expect(cuts.count).toBeGreaterThan(0);
  });

  it('keeps the lines of a multi-line value instead of squashing them onto one', () => {
    const shown = texts(activityLines(step, 80, 0));
    const at = shown.findIndex((line) => line.includes('actual one'));
    expect(shown.slice(at + 1, at + 3).map((line) => line.trim())).toEqual(['two', 'three']);
  });

  it('shows a failed response body as lines, with markers for what the screen and the check left out', () => {
    const shown = texts(activityLines(step, 80, 0));
    const at = shown.indexOf('  response: HTTP 500');
    expect(shown[at + 1]).toBe('    │ {');
    expect(shown[at + 23]).toBe('    │   "f21": 21,');
    expect(shown[at + 24]).toMatch(/^ {4}… \d+ more lines$/);
    expect(shown[at + 25]).toMatch(/^ {4}… \d+ more characters \(not kept\)$/);
  });

  it('in full, nothing is cut: every line of the script, the output and the body kept', () => {
    const cuts = { count: 0 };
    const shown = texts(activityLines(step, 80, 0, undefined, 'hidden', { full: true, cuts }));
    expect(cuts.count).toBe(0);
    expect(shown).toContain('      echo "line $i"');
    expect(shown).toContain(`  │ ${LAST_OUTPUT_LINE}`);
    expect(shown.join('\n')).toContain('"f30": 30,');
    expect(shown.join('\n')).not.toMatch(/more lines/);
  });

  it('shows the whole 500 characters the docs promise for a one-line body, then the marker', () => {
    const body = 'x'.repeat(500);
    const events = [...firstStepPassed(lesson), ...secondStepFailed(lesson)].map((event) =>
      event.type === 'check-finished' && event.result.response
        ? {
            ...event,
            result: {
              ...event.result,
              response: { ...event.result.response, bodyExcerpt: `${body}…`, bodyLength: 840 },
            },
          }
        : event,
    );
    const failed = openLesson(lesson, events).run.steps[1];
    const shown = texts(activityLines(failed, 80, 0));
    const bodyLines = shown.filter((line) => line.startsWith('    │ '));
    expect(bodyLines.join('').replaceAll('    │ ', '')).toBe(body);
    expect(shown).toContain('    … 340 more characters (not kept)');
  });

  it('offers o in the help bar only when something is cut', () => {
    const input = { target: 'sandbox', width: 80, height: 23, frame: 0, showHint: false, showSolution: false };
    const cut = lessonScreen({ ...input, open: openLesson(lesson, stepWithCuts(lesson)), textTop: 0, outputTop: 0 });
    expect(cut.cuts).toBeGreaterThan(0);
    expect(lineText(cut.lines.at(-1)!)).toContain(' o  full output');
    const whole = lessonScreen({ ...input, open: openLesson(lesson, []), textTop: 0, outputTop: 0 });
    expect(whole.cuts).toBe(0);
    expect(lineText(whole.lines.at(-1)!)).not.toContain('full output');
  });
});

describe('the rate-limit chart', () => {
  it('never cuts a check name: a long one takes its own line', () => {
    const lesson = fixtureLesson();
    const events = [...firstStepPassed(lesson), ...secondStepFailed(lesson)].map((event) =>
      event.type === 'check-started' || event.type === 'check-finished'
        ? { ...event, name: 'alex is limited to five requests a minute, and then refused' }
        : event,
    );
    const step = openLesson(lesson, events).run.steps[1]!;
    const checks = step.items.flatMap((item) => (item.kind === 'check' ? [item] : []));
    for (const width of [80, 40]) {
      const shown = texts(rateLimitChartLines(checks, width));
      expect(shown.join(' ').replaceAll(/\s+/g, ' ')).toContain(
        'alex is limited to five requests a minute, and then refused',
      );
      expect(shown.join('\n')).not.toContain('…');
      expect(shown.join('\n')).toContain('█████▒');
      for (const line of rateLimitChartLines(checks, width)) expect(lineWidth(line)).toBeLessThanOrEqual(width);
    }
  });
});

describe('the home screen', () => {
  it("wraps the doctor's line instead of cutting its advice", () => {
    const doctor =
      'kubectl is missing: the kind lessons apply manifests with it; install it from ' +
      'https://kubernetes.io/docs/tasks/tools/ or run kong-workshop doctor for every check';
    const lines = homeLines({ state: homeState({ doctor }), selected: 0, width: 80, height: 23, version: '1.2.3' });
    const shown = texts(lines);
    expect(shown.join(' ').replaceAll(/\s+/g, ' ')).toContain(doctor);
    expect(shown.join('\n')).not.toContain('…');
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(80);
  });
});

describe('the trust prompt shows every command whole', () => {
  it('wraps a long command over indented lines; joined, they are the command', () => {
    const data = '--data-raw {"name":"a-very-long-service-name"} '.repeat(4);
    const command =
      `curl -sS -X POST http://127.0.0.1:8001/services -H 'Content-Type: application/json' ${data}`.trim();
    const lines = texts(trustPlanLines({ commands: [command], writes: [], reads: [], requests: [] }, 80));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]!.startsWith('    $ ')).toBe(true);
    for (const line of lines.slice(1)) expect(line.startsWith('      ')).toBe(true);
    const joined = lines
      .map((line) => line.trim())
      .join(' ')
      .replace(/^\$ /, '');
    expect(joined.replaceAll(' ', '')).toBe(command.replaceAll(' ', ''));
  });
});

describe('previews of a long actual value show the part that matched or failed', () => {
  const items = Array.from({ length: 40 }, (_, i) => `{"id":${i},"name":"svc-${i}"}`);
  const body = `{"items":[${items.join(',')}],"status":"degraded"}`;

  it('centres on a pattern that matched, counting what it left out at either end', () => {
    const shown = previewText(body, 80, focusOf([{ op: 'matches', pattern: 'svc-2\\d', flags: '' }], body));
    expect(shown).toMatch(/^\d+ characters before … /);
    expect(shown).toContain('svc-20');
    expect(shown).toMatch(/ … \d+ more characters$/);
  });

  it('for a pattern that did not match, centres on its longest literal part that occurs', () => {
    const focus = focusOf([{ op: 'matches', pattern: '"status":\\s*"ready"', flags: '' }], body);
    const shown = previewText(body, 80, focus);
    expect(shown).toContain('"status":"degraded"');
    expect(shown).not.toMatch(/more characters$/);
  });

  it('is what a check result says it got: a long body around the match, a short one whole', () => {
    const source = { file: 'x.md', line: 1, column: 1 };
    const contains = { matchers: [{ op: 'contains' as const, value: 'svc-35' }], source };
    const got = matchValue(body, contains, 'text');
    expect(got.passed).toBe(true);
    expect(got.actual).toContain('svc-35');
    expect(got.actual).toMatch(/^\d+ characters before … /);
    expect(matchValue('short', contains, 'text').actual).toBe('short');
  });

  it('centres on a contained value, also under not; else shows the start', () => {
    const shown = previewText(
      body,
      60,
      focusOf([{ op: 'not', matchers: [{ op: 'contains', value: 'svc-33' }] }], body),
    );
    expect(shown).toContain('svc-33');
    expect(previewText(body, 60, undefined)).toMatch(/^\{"items":\[/);
    expect(previewText('short', 60, undefined)).toBe('short');
  });
});
