import { chosen, type Block, type Lesson, type Section, type Step } from '../lesson/model.js';
import { blankLine, span, wrapLine, type Line } from './styled-text.js';
import { codeBlockLines, markdownLines, type Highlighter } from './markdown.js';
import type { Tone } from './theme.js';

export interface ProseInput {
  readonly lesson: Lesson;
  readonly stepIndex: number;
  /** Commands and file contents as they will run (see OpenLesson.previews). */
  readonly previews: Readonly<Record<string, string>>;
  /** The target's PROXY and ADMIN, said once under the prose that first names them. */
  readonly addresses?: Readonly<Record<string, string>>;
  readonly width: number;
  readonly highlight?: Highlighter;
  readonly showHint: boolean;
  readonly showSolution: boolean;
  /** The learner's picks so far: parts for other options are hidden, parts of an open choice labelled. */
  readonly picks?: Readonly<Record<string, string>>;
}

export interface ProseLines {
  readonly lines: Line[];
  /** Where the hint and the solution start, to scroll to them when revealed. */
  readonly hintAt?: number;
  readonly solutionAt?: number;
  /** Whether any code block is on the page: highlighting is loaded only then. */
  readonly hasCode: boolean;
}

/**
 * A step as the learner reads it (the introduction is a page of its own, introProseLines): its prose
 * as written (no {{VAR}} filled in: it teaches), the commands about to run with known values
 * filled in, what files it writes, what it checks, and the hint and solution once asked for.
 */
export function stepProseLines(input: ProseInput): ProseLines {
  const { lesson, stepIndex } = input;
  const step = lesson.steps[stepIndex];
  const lines: Line[] = [];
  let hasCode = false;
  const add = (more: readonly Line[]) => {
    if (more.length === 0) return;
    if (lines.length) lines.push(blankLine);
    lines.push(...more);
  };
  // No heading: the step strip right above names the step, and at 80×24 every row counts.
  if (!step) return { lines, hasCode };
  for (const block of step.blocks) add(choiceLines(block, input, () => (hasCode = true)));

  let hintAt: number | undefined;
  let solutionAt: number | undefined;
  if (input.showHint) {
    hintAt = lines.length + 1;
    add(sectionLines(step, 'hint', input, () => (hasCode = true)));
  }
  if (input.showSolution) {
    solutionAt = lines.length + 1;
    add(sectionLines(step, 'solution', input, () => (hasCode = true)));
  }
  return { lines, hintAt, solutionAt, hasCode };
}

/** The lesson's introduction, the prose before step 1: a page of its own, so each step starts with its own text. */
export function introProseLines(input: Omit<ProseInput, 'stepIndex' | 'showHint' | 'showSolution'>): ProseLines {
  const lines: Line[] = [];
  let hasCode = false;
  const full = { ...input, stepIndex: -1, showHint: false, showSolution: false };
  for (const block of input.lesson.intro) {
    const more = blockLines(block, full, () => (hasCode = true));
    if (more.length === 0) continue;
    if (lines.length) lines.push(blankLine);
    lines.push(...more);
  }
  return { lines, hasCode };
}

/**
 * A block in a `::: choice=` part: hidden when the learner picked another option, shown under the
 * option's name while the choice is still open (the picker asks when the step runs).
 */
function choiceLines(block: Block, input: ProseInput, sawCode: () => void): Line[] {
  const picked = (group: string) => input.picks?.[group];
  if (!chosen(block.choices, picked)) return [];
  const open = (block.choices ?? []).filter((tag) => picked(tag.group) === undefined);
  const lines = blockLines(block, input, sawCode);
  if (open.length === 0 || lines.length === 0) return lines;
  const label = open.map((tag) => `${tag.group.toLowerCase().replace(/_/g, ' ')}: ${tag.options.join(' or ')}`);
  return [[span(`▸ if you pick ${label.join(', ')}`, { tone: 'muted', italic: true })], ...lines];
}

function blockLines(block: Block, input: ProseInput, sawCode: () => void): Line[] {
  const { width, highlight } = input;
  switch (block.type) {
    case 'prose': {
      if (/```|~~~|^ {4}\S/m.test(block.markdown)) sawCode();
      const lines = markdownLines(block.markdown, { width, highlight });
      const named = addressesFirstNamedIn(block, input);
      if (named.length === 0) return lines;
      const said = named.map(([name, value]) => `${name} is ${value}`).join(', ');
      return [...lines, ...wrapLine([span(`↳ here ${said}`, { tone: 'muted' })], width, [span('  ')])];
    }
    case 'display': {
      sawCode();
      const title =
        block.role === 'output'
          ? [span('output', { tone: 'muted' })]
          : block.include
            ? [span(block.include.split('/').at(-1) ?? block.include, { tone: 'muted' })]
            : undefined;
      // Only a solution's code has a preview (values filled in, so it can be typed as shown).
      const code = input.previews[block.id] ?? block.code;
      return codeBlockLines(code, block.role === 'output' ? '' : block.lang, { width, highlight, title });
    }
    case 'run':
      sawCode();
      return codeBlockLines(input.previews[block.id] ?? block.command, block.lang, {
        width,
        highlight,
        title: [
          span('▶ runs', { tone: 'accent', bold: true }),
          ...(block.capture ? [span(` · keeps its output as ${block.capture.variable}`, { tone: 'muted' })] : []),
        ],
        tone: 'accent',
      });
    case 'file':
      sawCode();
      return codeBlockLines(input.previews[block.id] ?? block.content, block.lang, {
        width,
        highlight,
        title: [span('✎ writes ', { tone: 'accent' }), span(block.path, { bold: true })],
        tone: 'accent',
      });
    case 'check':
      return wrapLine([span('◇ checks ', { tone: 'accent' }), span(block.name)], width, [span('  ')]);
    case 'vars':
      return block.vars.length
        ? wrapLine(
            [span('? asks for ', { tone: 'accent' }), span(block.vars.map((v) => v.name).join(', '), { bold: true })],
            width,
            [span('  ')],
          )
        : [];
  }
}

/**
 * The addresses whose first mention in the lesson's prose (introduction, then steps in order) is
 * this block: the prose keeps `{{PROXY}}` as written, and the learner still learns where it is,
 * also when the sandbox picked other ports than Kong's usual 8000 and 8001.
 */
function addressesFirstNamedIn(block: Block, input: ProseInput): [string, string][] {
  const addresses = input.addresses ?? {};
  const prose = [...input.lesson.intro, ...input.lesson.steps.flatMap((step) => step.blocks)].filter(
    (candidate) => candidate.type === 'prose',
  );
  return Object.entries(addresses).filter(([name]) => {
    const first = prose.find((candidate) => candidate.markdown.includes(`{{${name}}}`));
    return first?.id === block.id;
  });
}

const SECTION_TITLES: Record<Section['kind'], { readonly title: string; readonly tone: Tone }> = {
  hint: { title: 'Hint', tone: 'warning' },
  solution: { title: 'Solution', tone: 'success' },
  notes: { title: 'Presenter notes', tone: 'muted' },
};

function sectionLines(step: Step, kind: Section['kind'], input: ProseInput, sawCode: () => void): Line[] {
  const { title, tone } = SECTION_TITLES[kind];
  const bar = span('▌ ', { tone });
  const sections = step.sections.filter(
    (section) => section.kind === kind && chosen(section.choices, (group) => input.picks?.[group]),
  );
  const inner: Line[] = [];
  for (const section of sections) {
    for (const block of section.blocks) {
      const more = choiceLines(block, { ...input, width: input.width - 2 }, sawCode);
      if (more.length === 0) continue;
      if (inner.length) inner.push(blankLine);
      inner.push(...more);
    }
  }
  if (inner.length === 0) inner.push([span(`This step has no ${title.toLowerCase()}.`, { italic: true })]);
  return [[bar, span(title, { tone, bold: true })], ...inner.map((line) => [bar, ...line])];
}
