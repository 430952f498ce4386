import { Lexer, type Token } from 'marked';
import type { Block } from '../../lesson/index.js';
import { markdownLines } from '../markdown.js';
import type { Line } from '../styled-text.js';
import { isMarkedToken } from '../../shared/index.js';

/** List items kept from one list: a slide is not a page. */
const ITEMS_KEPT = 4;

/**
 * A step's prose condensed to its key lines for the audience: the first sentence of each
 * paragraph, headings, the first items of a list, callouts' first sentences. Tables, code and
 * the rest of each paragraph stay in the lesson, for the presenter to tell.
 */
export function keyLines(blocks: readonly Block[], width: number): Line[] {
  const points = blocks.flatMap((block) => (block.type === 'prose' ? Lexer.lex(block.markdown).flatMap(pointsOf) : []));
  if (points.length === 0) return [];
  return markdownLines(points.map((point) => `- ${point}`).join('\n'), { width });
}

function pointsOf(token: Token): string[] {
  if (!isMarkedToken(token)) return [];
  switch (token.type) {
    case 'heading': {
      // The lesson's own `#` title is already the big title on screen.
      const heading = token;
      return heading.depth === 1 ? [] : [`**${oneLine(heading.text)}**`];
    }
    case 'paragraph':
      return [endSentence(firstSentence(token.text))].filter(Boolean);
    case 'list': {
      const items = token.items.map((item) => firstSentence(item.text.split('\n\n')[0] ?? '')).filter(Boolean);
      return items.length > ITEMS_KEPT ? [...items.slice(0, ITEMS_KEPT - 1), '…'] : items;
    }
    case 'blockquote': {
      const text = token.text.replace(/^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i, '');
      return [firstSentence(text)].filter(Boolean);
    }
    default:
      return [];
  }
}

/**
 * The text up to the end of its first sentence. A full stop inside `code`, in "e.g." or after a
 * single letter does not end a sentence.
 */
export function firstSentence(markdown: string): string {
  const text = oneLine(markdown);
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '`') inCode = !inCode;
    if (inCode || !'.!?'.includes(char)) continue;
    const after = text.slice(i + 1);
    if (!/^\s+[A-Z`*_(“"]/.test(after)) continue;
    const word = /(\S+)$/.exec(text.slice(0, i))?.[1] ?? '';
    if (char === '.' && (/^[A-Za-z]$/.test(word) || /^(e\.g|i\.e|etc|vs|cf)$/i.test(word))) continue;
    return text.slice(0, i + 1);
  }
  return text;
}

/** "Run this:" introduced a block the slide leaves out: on its own it ends like a sentence. */
function endSentence(text: string): string {
  return text.endsWith(':') ? `${text.slice(0, -1)}.` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
