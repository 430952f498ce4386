import { stringify } from 'yaml';
import type { TargetName } from '../lesson/index.js';

/**
 * What an importer produces before it becomes markdown: pieces in document order, each possibly
 * limited to some targets. The writer drops what falls outside the lesson's targets, opens
 * `:::` parts only where a piece is narrower than where it sits, and adds each step's hint and
 * solution from what the step runs and checks.
 */
/** A shell block the lesson runs on the given targets. */
export const runFence = (targets: readonly TargetName[], body: string, attrs: readonly string[] = ['run']): Piece => ({
  kind: 'fence',
  lang: 'sh',
  attrs,
  role: 'run',
  targets,
  body,
});

export type Piece =
  | { readonly kind: 'prose'; readonly text: string }
  | {
      readonly kind: 'fence';
      readonly lang: string;
      readonly attrs?: readonly string[];
      readonly body: string;
      readonly targets?: readonly TargetName[];
      readonly role?: 'run' | 'file' | 'display' | 'output';
    }
  | {
      readonly kind: 'check';
      readonly flavour: 'http' | 'cmd' | 'k8s';
      readonly spec: Readonly<Record<string, unknown>>;
      readonly targets?: readonly TargetName[];
    }
  | { readonly kind: 'part'; readonly targets: readonly TargetName[]; readonly pieces: readonly Piece[] }
  /** A learner's choice (`::: choice=GROUP:option` parts); the first option is the default. */
  | {
      readonly kind: 'choice';
      /** A variable name: upper case, digits and _. */
      readonly group: string;
      readonly options: readonly ChoiceOption[];
    };

export interface ChoiceOption {
  /** The tab's label, shown at the top of its part. */
  readonly label: string;
  /** The option's name in `choice=GROUP:name`: a word a learner can type. */
  readonly name: string;
  readonly pieces: readonly Piece[];
}

export interface DraftStep {
  title: string;
  readonly pieces: Piece[];
  /** Page-specific advice for the hint, added before the generated part. */
  readonly hints: string[];
}

export interface DraftLesson {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly targets: readonly TargetName[];
  readonly tools: Partial<Record<TargetName, readonly string[]>>;
  readonly vars: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly intro: readonly Piece[];
  readonly steps: readonly DraftStep[];
  readonly cleanup: readonly Piece[];
}

/** Writes a draft as a lesson file (docs/lesson-format.md). */
export function writeLesson(draft: DraftLesson): string {
  const front: Record<string, unknown> = { id: draft.id, title: draft.title };
  if (draft.summary) front.summary = oneLine(draft.summary);
  front.targets = [...draft.targets];
  const tools = Object.fromEntries(
    Object.entries(draft.tools).filter(
      ([target, list]) => draft.targets.includes(target as TargetName) && list && list.length > 0,
    ),
  );
  if (Object.keys(tools).length) front.requires = { tools };
  const vars = varsOn(draft.vars, draft.targets);
  if (Object.keys(vars).length) front.vars = vars;
  const out: string[] = [
    '---',
    stringify(front, { lineWidth: 0 }).trimEnd(),
    '---',
    '',
    `# ${oneLine(draft.title)}`,
    '',
  ];
  const scope = draft.targets;
  for (const piece of draft.intro) out.push(...render(piece, scope, scope));
  const titles = new Map<string, number>();
  for (const step of draft.steps) {
    const visible = step.pieces.flatMap((piece) => narrowPiece(piece, scope));
    let title = oneLine(step.title) || 'Step';
    if (/^clean[ -]?up$/i.test(title)) title = `${title} (from the page)`;
    const slug = slugOf(title);
    const seen = titles.get(slug) ?? 0;
    titles.set(slug, seen + 1);
    if (seen > 0) title = `${title} (${seen + 1})`;
    out.push(`## ${title}`, '');
    for (const piece of visible) out.push(...render(piece, scope, scope));
    out.push(...hintSection(step, visible, scope), ...solutionSection(visible, scope));
  }
  const cleanup = draft.cleanup.flatMap((piece) => narrowPiece(piece, scope));
  if (cleanup.length) {
    out.push('## Clean up', '');
    for (const piece of cleanup) out.push(...render(piece, scope, scope));
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/**
 * The variables as declared for the lesson's targets: `targets:` kept to those the lesson has (and
 * left out when it names them all); a variable none of them uses is not asked at all.
 */
function varsOn(
  vars: DraftLesson['vars'],
  lessonTargets: readonly TargetName[],
): Record<string, Readonly<Record<string, unknown>>> {
  const out: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [name, spec] of Object.entries(vars)) {
    if (!Array.isArray(spec.targets)) {
      out[name] = spec;
      continue;
    }
    const named = spec.targets;
    const on = lessonTargets.filter((t) => named.includes(t));
    const { targets: _all, ...rest } = spec;
    if (on.length === lessonTargets.length) out[name] = rest;
    else if (on.length) out[name] = { ...rest, targets: on };
  }
  return out;
}

/** GitHub's heading anchor, as the lesson parser derives step ids. */
function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function intersect(a: readonly TargetName[] | undefined, b: readonly TargetName[]): TargetName[] {
  return a === undefined ? [...b] : b.filter((t) => a.includes(t));
}

/** A piece limited to `scope`: empty when none of its targets is there. */
function narrowPiece(piece: Piece, scope: readonly TargetName[]): Piece[] {
  if (piece.kind === 'part') {
    const targets = intersect(piece.targets, scope);
    if (targets.length === 0) return [];
    const pieces = piece.pieces.flatMap((p) => narrowPiece(p, targets));
    return pieces.length ? [{ ...piece, targets, pieces }] : [];
  }
  if (piece.kind === 'fence' || piece.kind === 'check') {
    if (piece.targets === undefined) return [piece];
    const targets = intersect(piece.targets, scope);
    return targets.length ? [{ ...piece, targets }] : [];
  }
  if (piece.kind === 'choice') {
    const options = piece.options.map((o) => ({ ...o, pieces: o.pieces.flatMap((p) => narrowPiece(p, scope)) }));
    return [{ ...piece, options }];
  }
  return [piece];
}

/**
 * A check's `by-target:` values kept to the targets it is written for: a branch for a target the
 * lesson dropped (the sandbox, for a page it cannot run) would be a lint error, and a value left
 * with no branch is left out, as `by-target` does on a target no branch names.
 */
function narrowByTarget(value: unknown, scope: readonly TargetName[]): unknown {
  if (Array.isArray(value)) return value.map((item) => narrowByTarget(item, scope));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const branches = byTargetBranches(item);
    if (!branches) {
      out[key] = narrowByTarget(item, scope);
      continue;
    }
    const kept: Record<string, unknown> = {};
    for (const [names, branch] of Object.entries(branches)) {
      const inside =
        names === 'default' ? ['default'] : names.split(',').filter((n) => scope.some((t) => t === n.trim()));
      if (inside.length) kept[inside.join(',')] = narrowByTarget(branch, scope);
    }
    if (Object.keys(kept).length) out[key] = { 'by-target': kept };
  }
  return out;
}

function byTargetBranches(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const branches: unknown = keys.length === 1 && keys[0] === 'by-target' ? Object.values(value)[0] : undefined;
  return typeof branches === 'object' && branches !== null && !Array.isArray(branches)
    ? Object.fromEntries(Object.entries(branches))
    : undefined;
}

function targetAttr(targets: readonly TargetName[] | undefined, scope: readonly TargetName[]): string[] {
  if (targets === undefined) return [];
  const inside = intersect(targets, scope);
  return inside.length === scope.length ? [] : [`target=${inside.join(',')}`];
}

function fenceOf(lang: string, info: readonly string[], body: string): string[] {
  let ticks = '```';
  while (body.includes(ticks)) ticks += '`';
  return [`${ticks}${[lang, ...info].filter(Boolean).join(' ')}`, body.replace(/\n+$/, ''), ticks, ''];
}

function render(piece: Piece, scope: readonly TargetName[], lessonTargets: readonly TargetName[]): string[] {
  switch (piece.kind) {
    case 'prose':
      // A page's own `:::` line (a Workshop Studio directive, a comment) must not open a lesson container.
      return piece.text.trim() ? [piece.text.trim().replace(/^(\s*):::/gm, '$1\\:::'), ''] : [];
    case 'fence': {
      const targets = piece.targets ? intersect(piece.targets, scope) : undefined;
      if (targets && targets.length === 0) return [];
      return fenceOf(piece.lang, [...(piece.attrs ?? []), ...targetAttr(targets, scope)], piece.body);
    }
    case 'check': {
      const targets = piece.targets ? intersect(piece.targets, scope) : undefined;
      if (targets && targets.length === 0) return [];
      const lang = piece.flavour === 'http' ? 'check' : `check ${piece.flavour}`;
      return fenceOf(
        lang,
        targetAttr(targets, scope),
        stringify(narrowByTarget(piece.spec, targets ?? scope), { lineWidth: 0, aliasDuplicateObjects: false }),
      );
    }
    case 'part': {
      const targets = intersect(piece.targets, scope);
      if (targets.length === 0) return [];
      const inner = piece.pieces.flatMap((p) => render(p, targets, lessonTargets));
      if (inner.length === 0) return [];
      if (targets.length === scope.length) return inner;
      return ['', `::: target=${targets.join(',')}`, '', ...inner, ':::', ''];
    }
    case 'choice': {
      const out: string[] = [];
      for (const option of piece.options) {
        const inner = option.pieces.flatMap((p) => render(p, scope, lessonTargets));
        out.push('', `::: choice=${piece.group}:${option.name}`, '', `*${option.label}*`, '', ...inner, ':::', '');
      }
      return out;
    }
  }
}

interface Flat {
  readonly piece: Piece;
  readonly targets: readonly TargetName[];
}

/** Every run, file and check of a step with the targets it applies to (parts and choices opened). */
function flatten(pieces: readonly Piece[], scope: readonly TargetName[]): Flat[] {
  return pieces.flatMap((piece): Flat[] => {
    if (piece.kind === 'part') return flatten(piece.pieces, intersect(piece.targets, scope));
    if (piece.kind === 'choice') return piece.options.flatMap((o) => flatten(o.pieces, scope));
    if (piece.kind === 'fence' || piece.kind === 'check')
      return [{ piece, targets: piece.targets ? intersect(piece.targets, scope) : [...scope] }];
    return [];
  });
}

function hintSection(step: DraftStep, pieces: readonly Piece[], scope: readonly TargetName[]): string[] {
  const flat = flatten(pieces, scope);
  const checks = flat.filter((f) => f.piece.kind === 'check');
  const runs = flat.filter((f) => f.piece.kind === 'fence' && f.piece.role === 'run');
  const lines = [...step.hints];
  if (checks.length) {
    const names = checks
      .map((f) => (f.piece.kind === 'check' ? String(f.piece.spec.name ?? 'the check') : ''))
      .filter(Boolean);
    lines.push(
      `This step checks: ${names.map((n) => `"${n}"`).join(', ')}. A failed check lists each expectation with what ` +
        `came back instead.`,
    );
  }
  if (runs.length)
    lines.push('Each command of this step must succeed before the checks can: read its output for the first error.');
  if (lines.length === 0) lines.push('This step only explains: read it, then go on.');
  return ['<details>', '<summary>Hint</summary>', '', ...lines.flatMap((l) => [l, '']), '</details>', ''];
}

function solutionSection(pieces: readonly Piece[], scope: readonly TargetName[]): string[] {
  const out = ['<details>', '<summary>Solution</summary>', ''];
  const runs = solutionRuns(pieces, scope);
  if (runs.length === 0) out.push('Nothing to type in this step: its checks send their own requests.', '');
  else out.push('The step writes and runs, in order:', '', ...runs);
  out.push('</details>', '');
  return out;
}

/** What a step writes and runs, a learner's choice as a part per option (the picked one is shown). */
function solutionRuns(pieces: readonly Piece[], scope: readonly TargetName[]): string[] {
  const out: string[] = [];
  let plain: Piece[] = [];
  const flush = () => {
    out.push(...plainRuns(plain, scope));
    plain = [];
  };
  for (const piece of pieces) {
    if (piece.kind !== 'choice') {
      plain.push(piece);
      continue;
    }
    flush();
    for (const option of piece.options) {
      const inner = solutionRuns(option.pieces, scope);
      if (inner.length) out.push('', `::: choice=${piece.group}:${option.name}`, '', ...inner, ':::', '');
    }
  }
  flush();
  return out;
}

function plainRuns(pieces: readonly Piece[], scope: readonly TargetName[]): string[] {
  const runs = flatten(pieces, scope).filter(
    (f) => f.piece.kind === 'fence' && (f.piece.role === 'run' || f.piece.role === 'file'),
  );
  const out: string[] = [];
  for (const run of runs) {
    if (run.piece.kind !== 'fence') continue;
    // A file's content is right above in the step; the solution names it rather than repeat it.
    const rendered =
      run.piece.role === 'file'
        ? [`Write \`${fileName(run.piece.attrs)}\` as shown in the step.`, '']
        : fenceOf('sh', [], run.piece.body);
    out.push(
      ...(run.targets.length === scope.length
        ? rendered
        : ['', `::: target=${run.targets.join(',')}`, '', ...rendered, ':::', '']),
    );
  }
  return out;
}

function fileName(attrs: readonly string[] | undefined): string {
  const attr = (attrs ?? []).find((a) => a.startsWith('file='));
  return attr ? attr.slice(5) : 'file';
}

/** `{{NAME}}` in page text is not one of our variables: escape it so it stays literal. */
export function escapeBraces(text: string): string {
  return text.replace(/(^|[^\\])\{\{/g, '$1\\{{');
}
