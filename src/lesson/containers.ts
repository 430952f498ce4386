import type { DiagnosticSink } from './diagnostics.js';
import { splitInfoString } from './info-string.js';
import type { SourceText } from './source-text.js';
import { didYouMean } from './suggest.js';
import { readTargetList } from './target-list.js';
import { BUILTIN_VARIABLES, TARGET_VARIABLES } from './target-vars.js';
import type { ChoiceTag, SourcePos, TargetName } from './types.js';
import { VARIABLE_NAME } from '../shared/index.js';

export type ContainerLine =
  | {
      readonly kind: 'open';
      readonly targets?: readonly TargetName[];
      readonly choice?: ChoiceTag;
      /** Where the choice's group name is written. */
      readonly choicePos?: SourcePos;
      readonly valid: boolean;
    }
  | { readonly kind: 'close' };

const ATTRIBUTES = ['target', 'choice'];
/** An option is a word a learner can type: `gateway-api`, `admin-api`, `deck`. */
const OPTION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RESERVED = new Set<string>([...BUILTIN_VARIABLES, ...Object.values(TARGET_VARIABLES).flat()]);

/**
 * Reads a `:::` line at file offset `offset`: `::: target=kind,konnect` or
 * `::: choice=ROUTING:ingress` (or both) opens, `:::` closes.
 */
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
  let choice: ChoiceTag | undefined;
  let choicePos: SourcePos | undefined;
  const seen = new Set<string>();
  for (const word of splitInfoString(rest)) {
    const pos = source.at(restOffset + word.start);
    if (word.key !== undefined && ATTRIBUTES.includes(word.key) && seen.has(word.key)) {
      sink.error(
        pos,
        'duplicate-attribute',
        `'${word.key}' is given twice`,
        word.key === 'target'
          ? 'list every target in one target=, e.g. target=kind,konnect'
          : 'list every option in one choice=, e.g. choice=ROUTING:gateway-api,ingress',
      );
      continue;
    }
    if (word.key === 'target') {
      seen.add('target');
      targets = readTargetList(word.value ?? '', restOffset + word.valueStart!, source, lessonTargets, sink);
    } else if (word.key === 'choice') {
      seen.add('choice');
      choicePos = source.at(restOffset + word.valueStart!);
      choice = readChoice(word.value ?? '', restOffset + word.valueStart!, source, sink);
    } else {
      const name = word.key ?? word.raw;
      sink.error(
        pos,
        'unknown-attribute',
        `unknown ${word.key === undefined ? 'word' : 'attribute'} '${name}' on a ::: container`,
        `${didYouMean(name, ATTRIBUTES)}Containers take target= and choice=, e.g. ::: target=kind`,
      );
    }
  }
  if (seen.size === 0 && sink.errorCount === before) {
    sink.error(
      source.at(offset),
      'unknown-attribute',
      'a ::: container needs target= or choice=',
      'write ::: target=kind to open a part for kind, ::: choice=ROUTING:ingress for a learner who picks ' +
        'ingress, and ::: alone to close it',
    );
  }
  return {
    kind: 'open',
    ...(targets ? { targets } : {}),
    ...(choice ? { choice } : {}),
    ...(choicePos ? { choicePos } : {}),
    valid: sink.errorCount === before,
  };
}

/** Reads `ROUTING:gateway-api,ingress` at file offset `offset`; every problem is reported where it is. */
function readChoice(value: string, offset: number, source: SourceText, sink: DiagnosticSink): ChoiceTag | undefined {
  const colon = value.indexOf(':');
  const group = colon < 0 ? value : value.slice(0, colon);
  const example = 'write choice=GROUP:option, e.g. choice=ROUTING:gateway-api';
  if (colon < 0 || group === '') {
    sink.error(
      source.at(offset),
      'invalid-attribute',
      colon < 0 ? `choice=${value} names no option` : 'choice= names no group',
      example,
    );
    return undefined;
  }
  let valid = true;
  if (!VARIABLE_NAME.test(group)) {
    valid = false;
    sink.error(
      source.at(offset),
      'invalid-variable-name',
      `'${group}' is not a choice name`,
      'a choice is named like a variable (the pick is exported to the shell): upper case letters, digits ' +
        `and _, e.g. ${group.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`,
    );
  } else if (RESERVED.has(group)) {
    valid = false;
    sink.error(
      source.at(offset),
      'reserved-variable',
      `'${group}' is provided by the run or a target and cannot name a choice`,
      'pick another name, e.g. ROUTING or TOOL',
    );
  }
  const options: string[] = [];
  let at = colon + 1;
  for (const part of value.slice(colon + 1).split(',')) {
    const option = part.trim();
    const pos = source.at(offset + at + (part.length - part.trimStart().length));
    at += part.length + 1;
    if (!OPTION.test(option)) {
      valid = false;
      sink.error(
        pos,
        'invalid-attribute',
        option === '' ? 'empty option in choice=' : `'${option}' is not an option name`,
        'options are words of letters, digits, ., _ and -, e.g. choice=ROUTING:gateway-api,ingress',
      );
    } else if (!options.includes(option)) options.push(option);
  }
  return valid && options.length ? { group, options } : undefined;
}
