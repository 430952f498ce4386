import { readFile, stat } from 'node:fs/promises';
import { assembleLesson } from './assemble.js';
import { DiagnosticSink } from './diagnostics.js';
import { readFrontMatter } from './front-matter.js';
import { lintDraft } from './lint/index.js';
import { markdownEvents } from './markdown.js';
import { SourceText } from './source-text.js';
import { buildDraft } from './structure.js';
import type { Diagnostic, ParseResult } from './types.js';

/**
 * Parses a lesson and lints it. `file` names the lesson in diagnostics and anchors `include=`
 * paths. Every problem of the file is reported; `lesson` is there only when none is an error.
 */
export function parseLesson(source: string, file: string): ParseResult {
  if (source.length > MAX_LESSON_CHARS) return { diagnostics: [tooLarge(file, `${source.length} characters`)] };
  // Positions count lines and columns as editors do; CRLF files get the same lines as LF ones.
  const text = new SourceText(source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), file);
  const sink = new DiagnosticSink();
  const front = readFrontMatter(text, sink);
  const draft = buildDraft(text, markdownEvents(text, front.bodyOffset), front, sink);
  lintDraft(draft, sink);
  const lines = text.text.split('\n');
  const diagnostics = sink.sorted().map((d) => withinText(d, lines));
  return sink.hasErrors ? { diagnostics } : { lesson: assembleLesson(draft, front), diagnostics };
}

/**
 * Every position points inside its file: a line that exists, a column on it or just past its end
 * (editors and `file:line:col` links go there). The YAML library can report an error past the end
 * of a line, at the end of a block it could not close.
 */
function withinText(diagnostic: Diagnostic, lines: readonly string[]): Diagnostic {
  const line = Math.min(Math.max(1, diagnostic.line), lines.length);
  const length = lines[line - 1]?.length ?? 0;
  const column = Math.min(Math.max(1, diagnostic.column), length + 1);
  return line === diagnostic.line && column === diagnostic.column ? diagnostic : { ...diagnostic, line, column };
}

/** Reads and parses a lesson file. A file that cannot be read is a fault and throws. */
export async function parseLessonFile(path: string): Promise<ParseResult> {
  // A file that cannot hold fewer characters than the cap (4 bytes each at most) is not read at all.
  const size = (await stat(path)).size;
  if (size > MAX_LESSON_CHARS * 4) return { diagnostics: [tooLarge(path, `${size} bytes`)] };
  return parseLesson(await readFile(path, 'utf8'), path);
}

/**
 * Far beyond any lesson (the bundled ones are under 40 KB) and short of what makes parsing slow:
 * the fuzzer's 2 MB lessons took about 2 s. Large files are shown with include= instead.
 */
const MAX_LESSON_CHARS = 1024 * 1024;

function tooLarge(file: string, size: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    severity: 'error',
    code: 'lesson-too-large',
    message: `the lesson is too large to read (${size}; at most ${MAX_LESSON_CHARS} characters)`,
    hint: 'split it into several lessons, and show large files with include= (at most 256 KiB each)',
  };
}
