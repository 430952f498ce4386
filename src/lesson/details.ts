import type { Section } from './types.js';
import { closest } from './suggest.js';

/** A `<details>`, `<summary>…</summary>` or `</details>` tag found in an HTML block. */
export type DetailsTag =
  | { readonly tag: 'open'; readonly index: number }
  | { readonly tag: 'summary'; readonly text: string; readonly index: number }
  | { readonly tag: 'close'; readonly index: number };

const TAGS = /<details(?:\s[^>]*)?>|<\/details\s*>|<summary(?:\s[^>]*)?>([\s\S]*?)<\/summary\s*>/gi;

/** The details tags of an HTML block, and whether anything else (text, other tags) is in it. */
export function detailsTags(html: string): { readonly tags: DetailsTag[]; readonly otherContent: boolean } {
  const tags: DetailsTag[] = [];
  for (const match of html.matchAll(TAGS)) {
    const text = match[0].toLowerCase();
    if (text.startsWith('</details')) tags.push({ tag: 'close', index: match.index });
    else if (text.startsWith('<details')) tags.push({ tag: 'open', index: match.index });
    else tags.push({ tag: 'summary', text: stripTags(match[1] ?? ''), index: match.index });
  }
  return { tags, otherContent: html.replace(TAGS, '').trim() !== '' };
}

const SECTION_NAMES: Record<string, Section['kind']> = {
  hint: 'hint',
  solution: 'solution',
  'presenter notes': 'notes',
};

/** The section a summary names (`Hint`, `Solution`, `Presenter notes`), if any. */
export function sectionKind(summary: string): Section['kind'] | undefined {
  return SECTION_NAMES[normalise(summary)];
}

/** For a summary that is nearly a section name ("Hnit"), the name it was probably meant to be. */
export function nearSectionName(summary: string): string | undefined {
  const match = closest(normalise(summary), Object.keys(SECTION_NAMES));
  return match ? { hint: 'Hint', solution: 'Solution', 'presenter notes': 'Presenter notes' }[match] : undefined;
}

function normalise(summary: string): string {
  return summary.trim().replace(/\s+/g, ' ').replace(/[:.]$/, '').toLowerCase();
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/[*_`]/g, '')
    .trim();
}
