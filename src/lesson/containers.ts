import type { DiagnosticSink } from './diagnostics.js';
import { splitInfoString } from './info-string.js';
import type { SourceText } from './source-text.js';
import { didYouMean } from './suggest.js';
import { readTargetList } from './target-list.js';
import type { TargetName } from './types.js';

export type ContainerLine =
  | { readonly kind: 'open'; readonly targets?: readonly TargetName[]; readonly valid: boolean }
  | { readonly kind: 'close' };

/** Reads a `:::` line at file offset `offset`: `::: target=kind,konnect` opens, `:::` closes. */
export function readContainerLine(
  text: string,
  offset: number,
  source: SourceText,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): ContainerLine {
  const rest = text.slice(3);
  const restOffset = offset + 3;
  if (rest.trim() === '') return { kind: 'close' };
  const before = sink.errorCount;
  let targets: readonly TargetName[] | undefined;
  let sawTarget = false;
  for (const word of splitInfoString(rest)) {
    const pos = source.at(restOffset + word.start);
    if (word.key === 'target' && !sawTarget) {
      sawTarget = true;
      targets = readTargetList(word.value ?? '', restOffset + word.valueStart!, source, lessonTargets, sink);
    } else if (word.key === 'target') {
      sink.error(
        pos,
        'duplicate-attribute',
        "'target' is given twice",
        'list every target in one target=, e.g. target=kind,konnect',
      );
    } else {
      const name = word.key ?? word.raw;
      sink.error(
        pos,
        'unknown-attribute',
        `unknown ${word.key === undefined ? 'word' : 'attribute'} '${name}' on a ::: container`,
        `${didYouMean(name, ['target'])}Containers take only target=, e.g. ::: target=kind`,
      );
    }
  }
  if (!sawTarget && sink.errorCount === before) {
    sink.error(
      source.at(offset),
      'unknown-attribute',
      'a ::: container needs target=',
      'write ::: target=kind to open a part for kind, and ::: alone to close it',
    );
  }
  return { kind: 'open', ...(targets ? { targets } : {}), valid: sink.errorCount === before };
}
