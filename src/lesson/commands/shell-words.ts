/**
 * Just enough of the shell's grammar to find the commands in a lesson's `sh` block and the
 * words each is made of, with their offsets: quotes, backslashes, `$(…)`, `{{VAR}}`, comments,
 * line continuations, and `;`, `&&`, `||`, `|`, `&`, `(`, `)` and newlines between commands.
 * Heredocs, arithmetic and the like are not understood; a word they produce is only looked at,
 * never run, so the worst case is a missed lint finding.
 */

export interface Word {
  /** The word after quote removal (`"$X"` → `$X`). */
  readonly text: string;
  /** The word as written. */
  readonly raw: string;
  /** Offset of the word's first character in the script. */
  readonly start: number;
  /** The variable the word consists of alone: `$X`, `"$X"`, `${X}`, `{{X}}`, `"{{ X }}"`. */
  readonly variable?: string;
}

export interface SimpleCommand {
  /** `NAME=value` words before the command name. */
  readonly assignments: readonly Word[];
  /** The command name and its arguments. */
  readonly words: readonly Word[];
}

// {{NAME}} is filled in before the shell runs, so it is a variable even in single quotes.
const VARIABLE_WORD = /^(?:"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?|["']?\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}["']?)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The simple commands of a script, in order. */
export function commandsOf(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  const endCommand = () => {
    // `! cmd` negates the exit status; the command is what follows.
    const all = words[0]?.raw === '!' ? words.slice(1) : words;
    const firstCommandWord = all.findIndex((word) => !ASSIGNMENT.test(word.raw));
    if (all.length > 0)
      commands.push({
        assignments: firstCommandWord === -1 ? all : all.slice(0, firstCommandWord),
        words: firstCommandWord === -1 ? [] : all.slice(firstCommandWord),
      });
    words = [];
  };
  let i = 0;
  while (i < script.length) {
    const c = script.charAt(i);
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      i++;
    } else if (c === '#') {
      while (i < script.length && script[i] !== '\n') i++;
    } else {
      const end = wordEnd(script, i);
      const raw = script.slice(i, end);
      const match = VARIABLE_WORD.exec(raw);
      const variable = match?.[1] ?? match?.[2];
      words.push({ text: unquote(raw), raw, start: i, ...(variable ? { variable } : {}) });
      i = end;
    }
  }
  endCommand();
  return commands;
}

/** Where the word starting at `from` ends: at unquoted whitespace or an operator. */
function wordEnd(script: string, from: number): number {
  let i = from;
  while (i < script.length) {
    const c = script.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')')
      return i;
    if (c === '\\') i += 2;
    else if (c === "'") i = closing(script, i + 1, "'");
    else if (c === '"') i = closingDouble(script, i + 1);
    else if (c === '$' && script[i + 1] === '(') i = closingParen(script, i + 2);
    else if (c === '{' && script[i + 1] === '{') i = Math.max(i + 2, script.indexOf('}}', i + 2) + 2);
    else i++;
  }
  return i;
}

function closing(script: string, from: number, quote: string): number {
  const at = script.indexOf(quote, from);
  return at === -1 ? script.length : at + 1;
}

function closingDouble(script: string, from: number): number {
  let i = from;
  while (i < script.length) {
    if (script[i] === '\\') i += 2;
    else if (script[i] === '$' && script[i + 1] === '(') i = closingParen(script, i + 2);
    else if (script[i] === '"') return i + 1;
    else i++;
  }
  return i;
}

function closingParen(script: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < script.length && depth > 0) {
    const c = script.charAt(i);
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === "'") {
      i = closing(script, i + 1, "'");
      continue;
    } else if (c === '"') {
      i = closingDouble(script, i + 1);
      continue;
    }
    i++;
  }
  return i;
}

/** The word's value as the shell sees it, leaving `$…` expansions as written. */
function unquote(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw.charAt(i);
    if (c === '\\') {
      out += raw[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      const end = closing(raw, i + 1, "'");
      out += raw.slice(i + 1, end - 1);
      i = end;
    } else if (c === '"') {
      const end = closingDouble(raw, i + 1);
      out += raw.slice(i + 1, end - 1).replace(/\\(["\\$`])/g, '$1');
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
