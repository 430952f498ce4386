import type { DiagnosticSink } from './diagnostics.js';
import type { SourceText } from './source-text.js';
import { didYouMean } from './suggest.js';
import { TARGET_NAMES, type TargetName } from './types.js';
import { isTargetName } from '../shared/index.js';

/**
 * Reads `kind,konnect` (from `target=` on a block or a container) at file offset `offset`.
 * Every name must be a target, and one the lesson lists; each bad name is reported where it is.
 * Returns the valid names, or undefined when none is.
 */
export function readTargetList(
  value: string,
  offset: number,
  source: SourceText,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): TargetName[] | undefined {
  const names: TargetName[] = [];
  let at = 0;
  for (const part of value.split(',')) {
    const name = part.trim();
    const pos = source.at(offset + at + (part.length - part.trimStart().length));
    at += part.length + 1;
    if (name === '') {
      sink.error(
        pos,
        'invalid-attribute',
        'empty target name',
        'write target=kind or target=kind,konnect, without spaces or stray commas',
      );
    } else if (!isTargetName(name)) {
      sink.error(
        pos,
        'unknown-target',
        `unknown target '${name}'`,
        `${didYouMean(name, TARGET_NAMES)}Targets are ${TARGET_NAMES.join(', ')}`,
      );
    } else if (lessonTargets && !lessonTargets.includes(name)) {
      sink.error(
        pos,
        'target-not-listed',
        `target '${name}' is not one of the lesson's targets`,
        `add ${name} to the front matter's targets, or use one of ${lessonTargets.join(', ')}`,
      );
    } else if (!names.includes(name)) {
      names.push(name);
    }
  }
  return names.length ? names : undefined;
}
