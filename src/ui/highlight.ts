import type { ElementContent, Root } from 'hast';
// Static imports, in a module that is itself loaded lazily: esbuild can then leave out the
// hundreds of grammars lowlight's index also offers.
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import http from 'highlight.js/lib/languages/http';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';
import { sanitize, span, mergeSpans, type Line, type Span } from './styled-text.js';
import type { Highlighter } from './markdown.js';
import type { Tone } from './theme.js';

// highlight.js class names → tones. Anything not listed shows as plain code.
const TONES: Record<string, Tone> = {
  keyword: 'keyword',
  built_in: 'keyword',
  'selector-tag': 'keyword',
  string: 'string',
  regexp: 'string',
  number: 'number',
  literal: 'number',
  comment: 'comment',
  quote: 'comment',
  title: 'title',
  section: 'title',
  name: 'title',
  attr: 'attribute',
  attribute: 'attribute',
  property: 'attribute',
  variable: 'variable',
  'template-variable': 'variable',
  subst: 'variable',
  meta: 'muted',
  bullet: 'accent',
  symbol: 'accent',
  type: 'title',
};

/**
 * Loads highlight.js grammars for the languages lessons use, through lowlight (which gives a
 * tree rather than HTML or ANSI, so colours go through the theme and NO_COLOR holds). Loaded
 * lazily: only when a code block is on screen.
 */
export function loadHighlighter(): Highlighter {
  const lowlight = createLowlight({ bash, yaml, json, http, javascript, typescript, xml, ini, python, go, dockerfile });
  lowlight.registerAlias({
    bash: ['sh', 'shell', 'console', 'zsh'],
    ini: ['toml'],
    javascript: ['js'],
    typescript: ['ts'],
    xml: ['html'],
  });
  return (code, lang) => {
    const language = lang.toLowerCase();
    if (!language || !lowlight.registered(language)) return undefined;
    return treeLines(lowlight.highlight(language, sanitize(code)));
  };
}

/** Flattens highlight.js's tree into lines of toned spans. */
function treeLines(tree: Root): Line[] {
  const lines: Span[][] = [[]];
  const walk = (nodes: readonly ElementContent[] | Root['children'], tone: Tone) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        node.value.split('\n').forEach((piece, index) => {
          if (index > 0) lines.push([]);
          if (piece) lines.at(-1)!.push(span(piece, { tone }));
        });
      } else if (node.type === 'element') {
        walk(node.children, toneOf(node.properties.className) ?? tone);
      }
    }
  };
  walk(tree.children, 'code');
  return lines.map(mergeSpans);
}

function toneOf(className: unknown): Tone | undefined {
  const classes = Array.isArray(className) ? className : [];
  for (const name of classes) {
    const tone = TONES[String(name).replace(/^hljs-/, '')];
    if (tone) return tone;
  }
  return undefined;
}
