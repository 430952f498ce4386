import type { Block, BlockType, ChoiceTag, Section, SourcePos, TargetName, VarSpec } from './types.js';

/**
 * The lesson as parsed so far, including what lint needs and the Lesson type does not carry
 * (variable references with positions, blocks that had errors). Lint runs on this; the Lesson
 * is assembled from it only when there are no errors.
 */
export interface LessonDraft {
  readonly file: string;
  /** The lesson's targets, when the front matter gave a valid list. */
  readonly targets?: readonly TargetName[];
  readonly vars: readonly VarSpec[];
  readonly intro: DraftBlock[];
  readonly steps: DraftStep[];
  cleanup?: DraftStep;
  /** The learner's choices named by `::: choice=` lines, options in order of appearance. */
  readonly choices: { readonly name: string; readonly options: string[]; readonly source: SourcePos }[];
}

export interface VariableRef {
  readonly name: string;
  readonly pos: SourcePos;
  /** Set for a reference inside a per-target value: it is only used on these targets. */
  readonly targets?: readonly TargetName[];
}

export interface VariableDef extends VariableRef {
  readonly secret: boolean;
}

export interface DraftBlock {
  /** Undefined when the block had errors. */
  readonly block?: Block;
  readonly type: BlockType;
  readonly id: string;
  /** Where an explicit `id=` is written, for duplicate-id errors. */
  readonly idPos: SourcePos;
  /** Given with `id=` rather than generated. */
  readonly explicitId: boolean;
  readonly targets?: readonly TargetName[];
  readonly source: SourcePos;
  /** `{{NAME}}` references the block interpolates when it runs. */
  readonly refs: readonly VariableRef[];
  /** Variables this block defines for the blocks after it (`capture=`, `extract`). */
  readonly defines: readonly VariableDef[];
  /** Variables a vars block declares for its whole step and later ones. */
  readonly declares: readonly VarSpec[];
  /** A declared output block (`output match=…`): lint checks that a run block comes before it. */
  readonly expectsOutput?: boolean;
  /** A file block's `file=` path as written, and where: lint decides where it leads once variables are known. */
  readonly filePath?: { readonly path: string; readonly pos: SourcePos };
  /** The shell text of a run block, a `check cmd`, or a shown sh/bash/shell block, for the command rules. */
  readonly shell?: ShellText;
}

export interface ShellText {
  readonly text: string;
  /** The file position of an offset in `text`. */
  readonly at: (offset: number) => SourcePos;
}

export interface DraftSection {
  readonly kind: Section['kind'];
  readonly blocks: DraftBlock[];
  readonly targets?: readonly TargetName[];
  readonly choices?: readonly ChoiceTag[];
  readonly source: SourcePos;
}

export interface DraftStep {
  readonly id: string;
  readonly title: string;
  readonly targets?: readonly TargetName[];
  readonly source: SourcePos;
  readonly blocks: DraftBlock[];
  readonly sections: DraftSection[];
}

/** Whether something restricted to `targets` (undefined: every target) exists on `target`. */
export function appliesTo(targets: readonly TargetName[] | undefined, target: TargetName | undefined): boolean {
  return target === undefined || targets === undefined || targets.includes(target);
}

/** Restrictions combine: a block for kind,konnect in a container for kind is for kind. */
export function intersectTargets(
  outer: readonly TargetName[] | undefined,
  inner: readonly TargetName[] | undefined,
): readonly TargetName[] | undefined {
  if (outer === undefined) return inner;
  if (inner === undefined) return outer;
  return inner.filter((target) => outer.includes(target));
}

/** Nested choice parts combine: an inner part of the same group narrows its options. */
export function addChoice(outer: readonly ChoiceTag[] | undefined, tag: ChoiceTag): ChoiceTag[] {
  const same = outer?.find((each) => each.group === tag.group);
  if (!same) return [...(outer ?? []), tag];
  return (outer ?? []).map((each) =>
    each === same ? { group: tag.group, options: tag.options.filter((option) => same.options.includes(option)) } : each,
  );
}

/** Whether something in the parts `tags` exists for a learner whose picks are `picked`. */
export function chosen(tags: readonly ChoiceTag[] | undefined, picked: (group: string) => string | undefined): boolean {
  return (tags ?? []).every((tag) => {
    const value = picked(tag.group);
    return value === undefined || tag.options.includes(value);
  });
}
