/**
 * A 3×5 pixel font drawn with half blocks, so a letter takes 3 rows and 3 or 4 columns: a step
 * title of 18 letters fits 80 columns and reads from the back of a room. Uppercase only, as big
 * titles are; a title with a character the font lacks is shown in plain bold instead.
 */
const GLYPHS: Record<string, string> = {
  A: '.#. #.# ### #.# #.#',
  B: '##. #.# ##. #.# ##.',
  C: '.## #.. #.. #.. .##',
  D: '##. #.# #.# #.# ##.',
  E: '### #.. ##. #.. ###',
  F: '### #.. ##. #.. #..',
  G: '.## #.. #.# #.# .##',
  H: '#.# #.# ### #.# #.#',
  I: '### .#. .#. .#. ###',
  J: '..# ..# ..# #.# .#.',
  K: '#.# #.# ##. #.# #.#',
  L: '#.. #.. #.. #.. ###',
  M: '#...# ##.## #.#.# #...# #...#',
  N: '#..# ##.# #.## #..# #..#',
  O: '.#. #.# #.# #.# .#.',
  P: '##. #.# ##. #.. #..',
  Q: '.#. #.# #.# ##. .##',
  R: '##. #.# ##. #.# #.#',
  S: '.## #.. .#. ..# ##.',
  T: '### .#. .#. .#. .#.',
  U: '#.# #.# #.# #.# ###',
  V: '#.# #.# #.# #.# .#.',
  W: '#...# #...# #.#.# ##.## #...#',
  X: '#.# #.# .#. #.# #.#',
  Y: '#.# #.# .#. .#. .#.',
  Z: '### ..# .#. #.. ###',
  '0': '### #.# #.# #.# ###',
  '1': '.#. ##. .#. .#. ###',
  '2': '##. ..# .#. #.. ###',
  '3': '##. ..# .#. ..# ##.',
  '4': '#.# #.# ### ..# ..#',
  '5': '### #.. ##. ..# ##.',
  '6': '.## #.. ### #.# ###',
  '7': '### ..# .#. .#. .#.',
  '8': '### #.# ### #.# ###',
  '9': '### #.# ### ..# ##.',
  '.': '. . . . #',
  ',': '. . . # #',
  "'": '# # . . .',
  '"': '#.# #.# ... ... ...',
  '-': '... ... ### ... ...',
  '+': '... .#. ### .#. ...',
  '=': '... ### ... ### ...',
  _: '... ... ... ... ###',
  ':': '. # . # .',
  '!': '# # # . #',
  '?': '##. ..# .#. ... .#.',
  '/': '..# ..# .#. #.. #..',
  '(': '.# #. #. #. .#',
  ')': '#. .# .# .# #.',
  '&': '.#.. #.#. .#.. #.#. .#.#',
  '#': '#.# ### #.# ### #.#',
};

// Typographic marks a title may use, drawn with their plain cousins.
const ALIASES: Record<string, string> = { '’': "'", '‘': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '.' };

const SPACE_WIDTH = 2;
const GAP = 1;

type Bitmap = readonly (readonly boolean[])[];

const bitmaps = new Map<string, Bitmap>(
  Object.entries(GLYPHS).map(([char, rows]) => [
    char,
    rows.split(' ').map((row) => [...row].map((cell) => cell === '#')),
  ]),
);

function glyph(char: string): Bitmap | undefined {
  const upper = (ALIASES[char] ?? char).toUpperCase();
  return bitmaps.get(upper);
}

/** Whether the font can draw every character of the text. */
export function canDraw(text: string): boolean {
  return [...text].every((char) => char === ' ' || glyph(char) !== undefined);
}

/** Columns the text takes in the block font. */
export function blockWidth(text: string): number {
  // Between words: a gap after the last letter, the space itself, a gap before the next letter.
  return wordsOf(text).reduce((sum, word, index) => sum + (index ? GAP + SPACE_WIDTH + GAP : 0) + wordWidth(word), 0);
}

function wordWidth(word: string): number {
  return [...word].reduce((sum, char, index) => sum + (index ? GAP : 0) + (glyph(char)?.[0]?.length ?? 0), 0);
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * The text in the block font, wrapped at word boundaries to `width` columns: 3 rows per line of
 * text. Undefined when it cannot be drawn (a character the font lacks, a word wider than the
 * width, or more than `maxLines` lines).
 */
export function blockTextRows(text: string, width: number, maxLines: number): string[] | undefined {
  if (!canDraw(text)) return undefined;
  const lines: string[][] = [];
  for (const word of wordsOf(text)) {
    if (wordWidth(word) > width) return undefined;
    const current = lines.at(-1);
    if (current && blockWidth([...current, word].join(' ')) <= width) current.push(word);
    else lines.push([word]);
  }
  if (lines.length === 0 || lines.length > maxLines) return undefined;
  return lines.flatMap((words) => renderLine(words.join(' ')));
}

function renderLine(text: string): string[] {
  // Five pixel rows, paired into three text rows: top and bottom halves of each cell.
  const pixels: boolean[][] = [[], [], [], [], [], []];
  const append = (bitmap: Bitmap | undefined, columns: number) => {
    for (let row = 0; row < 6; row++) {
      for (let column = 0; column < columns; column++) pixels[row]?.push(bitmap?.[row]?.[column] ?? false);
    }
  };
  [...text].forEach((char, index) => {
    if (index > 0) append(undefined, GAP);
    if (char === ' ') append(undefined, SPACE_WIDTH);
    else append(glyph(char), glyph(char)?.[0]?.length ?? 0);
  });
  const rows: string[] = [];
  for (let row = 0; row < 6; row += 2) {
    const top = pixels[row] ?? [];
    const bottom = pixels[row + 1] ?? [];
    rows.push(
      top
        .map((on, column) => (on && bottom[column] ? '█' : on ? '▀' : bottom[column] ? '▄' : ' '))
        .join('')
        .trimEnd(),
    );
  }
  return rows;
}
