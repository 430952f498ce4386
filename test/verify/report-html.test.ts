import { describe, expect, it } from 'vitest';
import { type LessonVerification, renderVerifyReport } from '../../src/verify/index.js';

const source = (line: number) => ({ file: '/work/lessons/limits.md', line, column: 1 });

const lessons: LessonVerification[] = [
  {
    lessonId: 'limits',
    title: 'Limits <script>alert(1)</script>',
    file: '/work/lessons/limits.md',
    target: 'sandbox',
    durationMs: 1200,
    checks: [
      {
        step: 0,
        stepId: 'sync',
        stepTitle: 'Sync the config',
        blockId: 'sync-1',
        name: 'no key, no entry',
        source: source(11),
        failsBefore: 'yes',
        passesAfter: 'yes',
        cleanedUp: 'yes',
        problems: [],
      },
      {
        step: 1,
        stepId: 'again',
        stepTitle: 'Call it again',
        blockId: 'again-1',
        name: '/echo still answers',
        source: source(40),
        failsBefore: 'no',
        passesAfter: 'yes',
        cleanedUp: 'n/a',
        problems: ['proves nothing here: it already passes before the step "Call it again" runs'],
      },
    ],
  },
];

describe('verify --format html', () => {
  const page = renderVerifyReport('html', lessons, 'sandbox', '/work');

  it('is a self-contained page that says whether every check is proven', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>NOT PROVEN · kong-workshop verify on sandbox</title>');
    expect(page).toContain('<p class="summary">1 of 2 checks proven · 1 with a problem</p>');
    expect(page).not.toMatch(/<script|<link|<img|src=/);
  });

  it('has a row per check and a column per property, each a symbol and a word', () => {
    expect(page).toContain('<th scope="col">Before its step</th>');
    expect(page).toContain(
      '<span class="badge failed"><span aria-hidden="true">✗</span> passes before: proves nothing',
    );
    expect(page).toContain('<span class="badge passed"><span aria-hidden="true">✓</span> fails again</span>');
    expect(page).toContain(
      '<li>proves nothing here: it already passes before the step &quot;Call it again&quot; runs</li>',
    );
    expect(page).toContain('lessons/limits.md:40:1');
  });

  it('escapes what the lesson says', () => {
    expect(page).toContain('Limits &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
