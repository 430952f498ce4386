import type { MarkedToken, Token } from 'marked';

// marked types its tokens as its own kinds or a `Generic` one with any `type`, so a switch on `type`
// cannot narrow them; this guard tells the two apart once, and then the switch narrows.
const MARKED_TYPES = new Set<string>([
  'blockquote',
  'br',
  'checkbox',
  'code',
  'codespan',
  'def',
  'del',
  'em',
  'escape',
  'heading',
  'hr',
  'html',
  'image',
  'link',
  'list',
  'list_item',
  'paragraph',
  'space',
  'strong',
  'table',
  'text',
]);

/** Whether a token is one of marked's own kinds (not an extension's `Generic` one). */
export function isMarkedToken(token: Token): token is MarkedToken {
  return MARKED_TYPES.has(token.type);
}
