import type { DiagnosticSink } from '../diagnostics.js';
import type { LessonDraft } from '../draft.js';
import { lintCommands } from './commands.js';
import { lintFilePaths } from './file-paths.js';
import { lintIds } from './ids.js';
import { lintOutputs } from './outputs.js';
import { lintSections } from './sections.js';
import { lintVariables } from './variables.js';

/** The rules that need the whole lesson, evaluated on each of its targets. */
export function lintDraft(draft: LessonDraft, sink: DiagnosticSink): void {
  lintIds(draft, sink);
  lintVariables(draft, sink);
  lintSections(draft, sink);
  lintCommands(draft, sink);
  lintOutputs(draft, sink);
  lintFilePaths(draft, sink);
}
