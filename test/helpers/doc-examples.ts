import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { marked } from 'marked';
import { isMarkedToken } from '../../src/shared/index.js';

/**
 * The shell examples of a markdown page (its ```sh blocks), as a reader would type them, for the
 * test that runs them against an installed package. An example that cannot run on a CI machine
 * says so in the page, in an HTML comment right before its block, with the reason:
 *
 *     <!-- doc-test skip: needs a Konnect account -->                        the whole block
 *     <!-- doc-test skip "--target konnect": needs a Konnect account -->     lines containing the text
 */
export interface DocExample {
  /** `README.md:19` */
  readonly where: string;
  /** Each line of the block, or the reason it is skipped. */
  readonly lines: readonly { readonly text: string; readonly skipped?: string }[];
}

const MARKER = /<!--\s*doc-test\s+skip(?:\s+"([^"]+)")?\s*:\s*([\s\S]+?)\s*-->/g;

export function docExamples(file: string, root: string): DocExample[] {
  const source = readFileSync(file, 'utf8');
  const examples: DocExample[] = [];
  let pending: { text?: string; reason: string }[] = [];
  let offset = 0;
  for (const token of marked.lexer(source)) {
    const at = source.indexOf(token.raw, offset);
    offset = at < 0 ? offset : at + token.raw.length;
    if (!isMarkedToken(token)) continue;
    if (token.type === 'html') {
      for (const match of token.raw.matchAll(MARKER)) pending.push({ text: match[1], reason: match[2] ?? '' });
      continue;
    }
    if (token.type === 'space') continue;
    if (token.type === 'code' && token.lang === 'sh') {
      const line = source.slice(0, at).split('\n').length;
      const whole = pending.find((marker) => marker.text === undefined);
      const lines = token.text
        .split('\n')
        .filter((text) => text.trim() !== '')
        .map((text) => {
          const marker = whole ?? pending.find((m) => m.text !== undefined && text.includes(m.text));
          return marker ? { text, skipped: marker.reason } : { text };
        });
      examples.push({ where: `${relative(root, file)}:${line}`, lines });
    }
    pending = [];
  }
  return examples;
}

/** One bash script for an example: its lines in order, skipped ones left out; stops at the first failure. */
export function exampleScript(example: DocExample): string {
  const run = example.lines.filter((line) => line.skipped === undefined).map((line) => line.text);
  return ['set -euo pipefail', "PS4='+ $ '", 'set -x', ...run].join('\n');
}
