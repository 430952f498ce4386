/**
 * Colours by meaning, not by name. Every screen says what a thing is (a tone); the theme decides
 * whether and how to colour it. With colour off (NO_COLOR, not a terminal) the icons and words
 * still say everything: no status is ever shown by colour alone.
 */
export type Tone =
  | 'success'
  | 'failure'
  | 'warning'
  | 'running'
  | 'muted'
  | 'accent'
  | 'heading'
  | 'code'
  | 'link'
  | 'keyword'
  | 'string'
  | 'number'
  | 'comment'
  | 'title'
  | 'attribute'
  | 'variable';

/** Ink colour names, as chalk spells them. */
export type InkColor =
  | 'green'
  | 'red'
  | 'yellow'
  | 'cyan'
  | 'gray'
  | 'magenta'
  | 'blue'
  | 'blueBright'
  | 'greenBright'
  | 'yellowBright';

const palette: Record<Tone, InkColor> = {
  success: 'green',
  failure: 'red',
  warning: 'yellow',
  running: 'cyan',
  muted: 'gray',
  accent: 'cyan',
  heading: 'magenta',
  code: 'yellowBright',
  link: 'blueBright',
  keyword: 'magenta',
  string: 'green',
  number: 'yellow',
  comment: 'gray',
  title: 'blue',
  attribute: 'cyan',
  variable: 'greenBright',
};

/** SGR foreground codes for the same colours, for the first frame painted before ink loads. */
const sgr: Record<InkColor, number> = {
  green: 32,
  red: 31,
  yellow: 33,
  cyan: 36,
  gray: 90,
  magenta: 35,
  blue: 34,
  blueBright: 94,
  greenBright: 92,
  yellowBright: 93,
};

export interface Theme {
  readonly color: boolean;
  /** The ink colour for a tone, or undefined when colour is off. */
  colorOf(tone: Tone | undefined): InkColor | undefined;
  /** The ANSI foreground code for a tone, or undefined when colour is off. */
  sgrOf(tone: Tone | undefined): number | undefined;
}

export function createTheme(color: boolean): Theme {
  return {
    color,
    colorOf: (tone) => (color && tone ? palette[tone] : undefined),
    sgrOf: (tone) => (color && tone ? sgr[palette[tone]] : undefined),
  };
}
