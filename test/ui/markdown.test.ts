import { describe, expect, it } from 'vitest';
import { lineText, lineWidth, type Line } from '../../src/ui/styled-text.js';
import { codeBlockLines, markdownLines } from '../../src/ui/markdown.js';

const render = (md: string, width = 60) => markdownLines(md, { width });
const texts = (lines: readonly Line[]) => lines.map(lineText);

describe('markdown for the terminal', () => {
  it('renders headings, emphasis and inline code with styles, not markup', () => {
    const lines = render('# Title\n\nSome **bold**, *italic*, ~~gone~~ and `code`.');
    expect(texts(lines)).toEqual(['Title', '═════', '', 'Some bold, italic, gone and code.']);
    const parts = lines[3]!;
    expect(parts.find((p) => p.text === 'bold')).toMatchObject({ bold: true });
    expect(parts.find((p) => p.text === 'italic')).toMatchObject({ italic: true });
    expect(parts.find((p) => p.text === 'gone')).toMatchObject({ strikethrough: true });
    expect(parts.find((p) => p.text === 'code')).toMatchObject({ tone: 'code' });
  });

  it('shows links as text and URL', () => {
    expect(texts(render('Read [the docs](https://docs.konghq.com) or <https://konghq.com>.', 80))).toEqual([
      'Read the docs (https://docs.konghq.com) or https://konghq.com.',
    ]);
  });

  it('renders nested lists with bullets, numbers and hanging indents', () => {
    expect(texts(render('1. first item that wraps onto a second line\n   - nested\n2. second', 24))).toEqual([
      '1. first item that wraps',
      '   onto a second line',
      '   • nested',
      '2. second',
    ]);
  });

  it('marks quotes and GitHub callouts with a bar and a title', () => {
    expect(texts(render('> Plain quote'))).toEqual(['▌ Plain quote']);
    expect(texts(render('> [!WARNING]\n> Tokens are secrets.'))).toEqual(['▌ ! Warning', '▌ Tokens are secrets.']);
  });

  it('decodes entities and drops stray HTML tags', () => {
    expect(texts(render('Fish &amp; chips <b>now</b> &lt;3'))).toEqual(['Fish & chips now <3']);
  });

  it('lays out tables in columns that fit', () => {
    const lines = render('| header | value |\n| --- | --- |\n| Retry-After | seconds until the window resets |', 40);
    expect(texts(lines)[0]).toMatch(/^header\s+│ value/);
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(40);
  });

  it('shows code with a bar, an optional title, and long lines broken at the width', () => {
    const lines = codeBlockLines('kong-workshop sandbox sync key-auth.yaml --with-a-long-flag', 'sh', {
      width: 30,
      title: [{ text: 'runs' }],
    });
    expect(texts(lines)).toEqual([
      '╭ runs',
      '│ kong-workshop sandbox sync k',
      '│ ey-auth.yaml --with-a-long-f',
      '│ lag',
    ]);
  });

  it('uses a highlighter when one is given', () => {
    const lines = codeBlockLines('a: 1', 'yaml', {
      width: 30,
      highlight: () => [[{ text: 'a', tone: 'attribute' }, { text: ': 1' }]],
    });
    expect(lines[0]).toEqual([{ text: '│ ', tone: 'muted' }, { text: 'a', tone: 'attribute' }, { text: ': 1' }]);
  });
});
