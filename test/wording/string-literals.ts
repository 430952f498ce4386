/**
 * The string literals of a TypeScript file, with their line: quoted strings and the text parts of
 * template literals (each `${…}` read as `…`). Comments, regular expressions and code are skipped.
 * A small lexer rather than the compiler: it needs to tell a `/` that divides from one that starts
 * a regular expression, and nothing more.
 */
export interface StringLiteral {
  readonly line: number;
  readonly text: string;
}

// After these, a `/` starts a regular expression; after a name, a number or `)` it divides.
const REGEX_AFTER = /(?:^|[(,=:[!&|?{};+\-*%>~^]|\breturn|\btypeof|\bcase|\bin|\bof|\bdo|\belse|=>)\s*$/;

export function stringLiterals(source: string): StringLiteral[] {
  const out: StringLiteral[] = [];
  let i = 0;
  let line = 1;
  // Template literals open inside `${…}` of others: the brace depth at which each resumes.
  const templates: number[] = [];
  let depth = 0;
  let codeSince = 0;

  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (source[k] === '\n') line++;
    i = to;
  };

  const readTemplate = (): void => {
    // i is just after the opening backtick (or the `}` closing an expression).
    const start = line;
    let text = '';
    while (i < source.length) {
      const ch = source[i];
      if (ch === '\\') {
        text += source.slice(i, i + 2);
        advance(i + 2);
      } else if (ch === '`') {
        advance(i + 1);
        out.push({ line: start, text });
        return;
      } else if (ch === '$' && source[i + 1] === '{') {
        advance(i + 2);
        text += '…';
        templates.push(depth);
        depth++;
        // The expression is code: scan it until its closing brace, then come back here.
        scan(true);
        templates.pop();
      } else {
        text += ch;
        advance(i + 1);
      }
    }
    out.push({ line: start, text });
  };

  const scan = (inExpression: boolean): void => {
    codeSince = i;
    while (i < source.length) {
      const ch = source[i];
      const next = source[i + 1];
      if (ch === '/' && next === '/') {
        const end = source.indexOf('\n', i);
        advance(end < 0 ? source.length : end);
      } else if (ch === '/' && next === '*') {
        const end = source.indexOf('*/', i + 2);
        advance(end < 0 ? source.length : end + 2);
      } else if (ch === "'" || ch === '"') {
        const start = line;
        let k = i + 1;
        while (k < source.length && source[k] !== ch && source[k] !== '\n') k += source[k] === '\\' ? 2 : 1;
        out.push({ line: start, text: source.slice(i + 1, k) });
        advance(k + 1);
      } else if (ch === '`') {
        advance(i + 1);
        readTemplate();
      } else if (ch === '/' && REGEX_AFTER.test(source.slice(Math.max(codeSince, i - 40), i))) {
        let k = i + 1;
        let inClass = false;
        while (k < source.length && source[k] !== '\n') {
          if (source[k] === '\\') k++;
          else if (source[k] === '[') inClass = true;
          else if (source[k] === ']') inClass = false;
          else if (source[k] === '/' && !inClass) break;
          k++;
        }
        advance(k + 1);
      } else if (ch === '{') {
        depth++;
        advance(i + 1);
      } else if (ch === '}') {
        depth--;
        advance(i + 1);
        if (inExpression && depth === templates.at(-1)) return;
      } else advance(i + 1);
    }
  };

  scan(false);
  return out;
}
