import type { DiagnosticSink } from '../diagnostics.js';
import { appliesTo, type DraftBlock, type LessonDraft, type VariableRef } from '../draft.js';
import { closest } from '../suggest.js';
import { BUILTIN_VARIABLES, TARGET_VARIABLES } from '../target-vars.js';
import { TARGET_NAMES, type SourcePos, type TargetName } from '../types.js';
import { blocksOn, forTargets, lintTargets, stepsOn } from './projection.js';

interface Missing {
  readonly ref: VariableRef;
  readonly targets: (TargetName | undefined)[];
  /** Names that were defined there, for did-you-mean. */
  readonly known: Set<string>;
}

/**
 * Every `{{NAME}}` must be defined where it is used, on every target the block runs on:
 * by the run, by the target, by the front matter, by a vars block of this or an earlier step,
 * or by an earlier block's capture= or extract.
 */
export function lintVariables(draft: LessonDraft, sink: DiagnosticSink): void {
  const targets = lintTargets(draft);
  const missing = new Map<string, Missing>();
  const note = (ref: VariableRef, target: TargetName | undefined, known: Set<string>) => {
    const key = `${ref.pos.line}:${ref.pos.column}`;
    const entry = missing.get(key) ?? { ref, targets: [], known };
    entry.targets.push(target);
    missing.set(key, entry);
  };
  for (const target of targets) {
    const defined = baseVariables(draft, target);
    const check = (block: DraftBlock) => {
      for (const ref of block.refs)
        if (appliesTo(ref.targets, target) && !defined.has(ref.name)) note(ref, target, new Set(defined));
      for (const def of block.defines) defined.add(def.name);
    };
    const steps = stepsOn(draft, target);
    for (const step of steps) {
      const blocks = blocksOn(step.blocks, target);
      for (const block of blocks) {
        for (const spec of block.declares) if (appliesTo(spec.targets, target)) defined.add(spec.name);
        // A learner's choice is asked when the first step with a part for it starts: {{GROUP}} from there on.
        for (const tag of block.block?.choices ?? []) defined.add(tag.group);
      }
      blocks.forEach(check);
    }
    if (draft.cleanup && appliesTo(draft.cleanup.targets, target)) {
      // The clean-up may run on its own (`demo --reset`), so captured values are not there.
      const declared = baseVariables(draft, target);
      for (const step of [...steps, draft.cleanup])
        for (const block of blocksOn(step.blocks, target))
          for (const spec of block.declares) if (appliesTo(spec.targets, target)) declared.add(spec.name);
      defined.clear();
      for (const name of declared) defined.add(name);
      blocksOn(draft.cleanup.blocks, target).forEach(check);
    }
  }
  for (const entry of missing.values()) report(entry, draft, targets, sink);
}

function baseVariables(draft: LessonDraft, target: TargetName | undefined): Set<string> {
  const names = new Set<string>(BUILTIN_VARIABLES);
  const provided = target ? TARGET_VARIABLES[target] : Object.values(TARGET_VARIABLES).flat();
  for (const name of provided) names.add(name);
  for (const spec of draft.vars) if (appliesTo(spec.targets, target)) names.add(spec.name);
  return names;
}

function report(
  entry: Missing,
  draft: LessonDraft,
  all: readonly (TargetName | undefined)[],
  sink: DiagnosticSink,
): void {
  const { ref } = entry;
  const where = forTargets(entry.targets, all);
  sink.error(ref.pos, 'undefined-variable', `{{${ref.name}}} is not defined here${where}`, hintFor(ref, entry, draft));
}

function hintFor(ref: VariableRef, entry: Missing, draft: LessonDraft): string {
  const inCleanup = draft.cleanup !== undefined && ref.pos.line > draft.cleanup.source.line;
  if (inCleanup && capturedAnywhere(draft, ref.name))
    return (
      'the clean-up may run on its own (demo --reset), so it cannot use captured values; declare the variable ' +
      'in vars instead'
    );
  const later = definedLater(draft, ref);
  if (later) return `it is only defined later, at line ${later.line}; move this block after that, or define it earlier`;
  const providers = TARGET_NAMES.filter((target) => TARGET_VARIABLES[target].includes(ref.name));
  if (providers.length > 0)
    return (
      `only the ${providers.join(', ')} target${providers.length > 1 ? 's provide' : ' provides'} it; restrict ` +
      `the block with target=${providers.join(',')}`
    );
  const near = closest(ref.name, entry.known);
  if (near) return `did you mean {{${near}}}?`;
  return (
    `declare it in the front matter's vars or in a vars block, capture it with capture=${ref.name}, or write ` +
    `\\{{ for a literal {{`
  );
}

/** Where a name is defined after (or nowhere before) the reference, on any target. */
function definedLater(draft: LessonDraft, ref: VariableRef): SourcePos | undefined {
  for (const step of [...draft.steps, ...(draft.cleanup ? [draft.cleanup] : [])]) {
    for (const block of step.blocks) {
      const def = block.defines.find((d) => d.name === ref.name) ?? block.declares.find((d) => d.name === ref.name);
      const pos = def ? ('pos' in def ? def.pos : def.source) : undefined;
      if (pos && (pos.line > ref.pos.line || (pos.line === ref.pos.line && pos.column > ref.pos.column))) return pos;
    }
  }
  return undefined;
}

function capturedAnywhere(draft: LessonDraft, name: string): boolean {
  return draft.steps.some((step) => step.blocks.some((block) => block.defines.some((def) => def.name === name)));
}
