import { dirname, resolve } from 'node:path';
import { slugify } from '../shared/index.js';
import { readFenceBlock } from './blocks.js';
import { readContainerLine } from './containers.js';
import { detailsTags, nearSectionName, sectionKind } from './details.js';
import type { DiagnosticSink } from './diagnostics.js';
import {
  addChoice,
  intersectTargets,
  type DraftBlock,
  type DraftSection,
  type DraftStep,
  type LessonDraft,
} from './draft.js';
import type { FrontMatter } from './front-matter.js';
import type { MarkdownEvent } from './markdown.js';
import type { SourceText } from './source-text.js';
import type { ChoiceTag, SourcePos, TargetName } from './types.js';

interface ContainerRegion {
  readonly kind: 'container';
  readonly targets?: readonly TargetName[];
  /** A `choice=` part: what it holds is for a learner who picked one of these options. */
  readonly choice?: ChoiceTag;
  readonly pos: SourcePos;
  hasContent: boolean;
  wrapsStep: boolean;
}

interface DetailsRegion {
  readonly kind: 'details';
  readonly pos: SourcePos;
  section?: DraftSection;
  hasSummary: boolean;
}

type Region = ContainerRegion | DetailsRegion;

const CLEANUP_IDS = ['clean-up', 'cleanup'];

/**
 * Builds the lesson's structure from markdown events: the intro, `##` steps, the clean-up,
 * `<details>` sections and `:::` containers, reporting anything unbalanced where it starts.
 */
export function buildDraft(
  source: SourceText,
  events: readonly MarkdownEvent[],
  front: FrontMatter,
  sink: DiagnosticSink,
): LessonDraft {
  const builder = new StructureBuilder(source, front, sink);
  for (const event of events) builder.handle(event);
  return builder.finish();
}

class StructureBuilder {
  private readonly draft: LessonDraft;
  private readonly lessonDir: string;
  private step: DraftStep | undefined;
  private regions: Region[] = [];
  private prose: { start: number; end: number } | undefined;
  private readonly counters = new Map<DraftBlock[], number>();

  constructor(
    private readonly source: SourceText,
    front: FrontMatter,
    private readonly sink: DiagnosticSink,
  ) {
    this.draft = {
      file: source.file,
      ...(front.meta.targets ? { targets: front.meta.targets } : {}),
      vars: front.meta.vars,
      intro: [],
      steps: [],
      choices: [],
    };
    this.lessonDir = dirname(resolve(source.file));
  }

  handle(event: MarkdownEvent): void {
    switch (event.kind) {
      case 'prose':
        this.addProse(event.start, event.end);
        return;
      case 'heading':
        if (event.depth === 2) this.startStep(event.text, event.start);
        else this.addProse(event.start, event.end);
        return;
      case 'html':
        this.onHtml(event.text, event.start, event.end);
        return;
      case 'container':
        this.onContainerLine(event.text, event.start);
        return;
      case 'stray-container':
        this.flushProse();
        this.sink.error(
          this.source.at(event.start),
          'container-needs-blank-line',
          'this ::: line is folded into the list or block above, so it is not a container',
          'put a blank line before and after every ::: line',
        );
        return;
      case 'fence': {
        this.flushProse();
        const section = this.openSection();
        const blocks = this.currentBlocks();
        const block = readFenceBlock(event.fence, {
          source: this.source,
          sink: this.sink,
          lessonDir: this.lessonDir,
          ...(this.draft.targets ? { lessonTargets: this.draft.targets } : {}),
          defaultId: this.nextId(blocks),
          ...(this.scope() ? { scope: this.scope() } : {}),
          inSection: section !== undefined,
          inIntro: this.step === undefined,
        });
        this.push(blocks, block);
        return;
      }
    }
  }

  finish(): LessonDraft {
    this.flushProse();
    for (const region of this.regions) this.reportUnclosed(region, 'at the end of the lesson');
    return this.draft;
  }

  private startStep(title: string, start: number): void {
    this.flushProse();
    const line = this.source.at(start).line;
    const kept: Region[] = [];
    for (const region of this.regions) {
      if (region.kind === 'container' && region.choice && !region.hasContent && !region.wrapsStep) {
        this.sink.error(
          region.pos,
          'choice-wraps-step',
          'a ::: choice= part cannot wrap a step',
          'open it after the ## heading: the step is the same for every pick, its commands and checks differ',
        );
        region.wrapsStep = true;
        kept.push(region);
      } else if (region.kind === 'container' && !region.hasContent && !region.wrapsStep) {
        region.wrapsStep = true;
        kept.push(region);
      } else {
        this.reportUnclosed(region, `before the next step (line ${line})`);
      }
    }
    this.regions = kept;
    const id = slugify(title);
    const pos = this.source.at(
      start + (this.source.lineText(line).length - this.source.lineText(line).trimStart().length),
    );
    const targets = this.scope();
    const step: DraftStep = {
      id,
      title: title.trim(),
      ...(targets ? { targets } : {}),
      source: pos,
      blocks: [],
      sections: [],
    };
    if (id === '')
      this.sink.error(
        pos,
        'invalid-step-id',
        `the heading '${title}' gives no step id`,
        'use letters or digits in ## headings: the step id is the heading as a GitHub anchor',
      );
    if (CLEANUP_IDS.includes(id)) {
      if (this.draft.cleanup)
        this.sink.error(
          pos,
          'duplicate-cleanup',
          `a second clean-up (the first is at line ${this.draft.cleanup.source.line})`,
          'keep one ## Clean up; use target= on its blocks for target-specific clean-up',
        );
      else this.draft.cleanup = step;
    } else {
      if (this.draft.cleanup)
        this.sink.error(
          pos,
          'cleanup-not-last',
          `the step '${title.trim()}' comes after ## Clean up`,
          'make ## Clean up the last ## heading of the lesson',
        );
      this.draft.steps.push(step);
    }
    this.step = step;
  }

  private onContainerLine(text: string, start: number): void {
    this.flushProse();
    const pos = this.source.at(start);
    const line = readContainerLine(text, start, this.source, this.draft.targets, this.sink);
    if (line.kind === 'open') {
      const scope = this.scope();
      const outside = line.targets?.filter((target) => scope && !scope.includes(target)) ?? [];
      if (scope && outside.length)
        this.sink.error(
          pos,
          'unreachable-target',
          `this container is for ${outside.join(', ')}, inside a container for ${scope.join(', ')} only`,
          'nested containers narrow the targets; fix the inner target= or close the outer container first',
        );
      const targets = intersectTargets(scope, line.targets);
      if (line.choice) this.registerChoice(line.choice, line.choicePos ?? pos);
      this.regions.push({
        kind: 'container',
        ...(targets ? { targets } : {}),
        ...(line.choice ? { choice: line.choice } : {}),
        pos,
        hasContent: false,
        wrapsStep: false,
      });
      return;
    }
    const top = this.regions[this.regions.length - 1];
    if (top?.kind === 'details') {
      this.regions.pop();
      this.reportUnclosed(top, `before the ::: at line ${pos.line}`);
    }
    const container = this.regions[this.regions.length - 1];
    if (container?.kind === 'container') this.regions.pop();
    else
      this.sink.error(
        pos,
        'unbalanced-container',
        'this ::: closes no container',
        'remove it, or open a container with ::: target=… before it',
      );
  }

  /** Records a choice's options in order of appearance, and reports an inner part no pick can reach. */
  private registerChoice(tag: ChoiceTag, pos: SourcePos): void {
    const outer = this.choiceScope()?.find((each) => each.group === tag.group);
    const unreachable = outer ? tag.options.filter((option) => !outer.options.includes(option)) : [];
    if (outer && unreachable.length)
      this.sink.error(
        pos,
        'unreachable-choice',
        `this part is for ${tag.group} ${unreachable.join(', ')}, inside a part for ${outer.options.join(', ')} only`,
        'nested choice parts narrow the options; fix the inner choice= or close the outer part first',
      );
    const group = this.draft.choices.find((each) => each.name === tag.group);
    if (!group) this.draft.choices.push({ name: tag.group, options: [...tag.options], source: pos });
    else for (const option of tag.options) if (!group.options.includes(option)) group.options.push(option);
  }

  private onHtml(text: string, start: number, end: number): void {
    const { tags, otherContent } = detailsTags(text);
    let structural = false;
    for (const tag of tags) {
      const pos = this.source.at(start + tag.index);
      const top = this.regions[this.regions.length - 1];
      if (tag.tag === 'open') {
        this.regions.push({ kind: 'details', pos, hasSummary: false });
      } else if (tag.tag === 'summary') {
        if (top?.kind !== 'details' || top.hasSummary) continue;
        top.hasSummary = true;
        const kind = sectionKind(tag.text);
        if (kind) {
          structural = true;
          this.flushProse();
          top.section = this.createSection(kind, top.pos);
        } else {
          const near = nearSectionName(tag.text);
          if (near)
            this.sink.warning(
              pos,
              'unknown-section',
              `'${tag.text}' is not a section name, so this is plain <details>`,
              `did you mean '${near}'? Sections are Hint, Solution and Presenter notes`,
            );
        }
      } else if (top?.kind === 'details') {
        if (top.section) {
          structural = true;
          this.flushProse();
        }
        this.regions.pop();
      } else if (this.regions.some((region) => region.kind === 'details')) {
        this.sink.error(
          pos,
          'unbalanced-details',
          `</details> closes a <details> that a ::: container interrupts`,
          'close the ::: container inside the <details>, or open it outside',
        );
      }
    }
    if (structural && otherContent) {
      this.sink.error(
        this.source.at(start),
        'details-blank-line',
        'text next to <summary> or </details> is not rendered as markdown',
        'leave a blank line after </summary> and before </details>',
      );
    }
    if (!structural) this.addProse(start, end);
  }

  private createSection(kind: DraftSection['kind'], pos: SourcePos): DraftSection | undefined {
    if (!this.step) {
      this.sink.error(
        pos,
        'block-outside-step',
        `a ${kind} section before the first ## step`,
        'move it under the ## heading of the step it belongs to',
      );
      return undefined;
    }
    if (this.regions.slice(0, -1).some((region) => region.kind === 'details' && region.section)) {
      this.sink.error(
        pos,
        'nested-section',
        'a section inside another section',
        'close the first </details> before opening the next',
      );
      return undefined;
    }
    const targets = this.scope();
    const choices = this.choiceScope();
    const section: DraftSection = {
      kind,
      blocks: [],
      ...(targets ? { targets } : {}),
      ...(choices ? { choices } : {}),
      source: pos,
    };
    this.step.sections.push(section);
    this.markContent();
    return section;
  }

  private addProse(start: number, end: number): void {
    if (this.prose) this.prose.end = end;
    else this.prose = { start, end };
  }

  private flushProse(): void {
    const prose = this.prose;
    this.prose = undefined;
    if (!prose) return;
    const markdown = this.source.text
      .slice(prose.start, prose.end)
      .replace(/^(?:[ \t]*\n)+/, '')
      .trimEnd();
    if (markdown === '') return;
    const blocks = this.currentBlocks();
    const id = this.nextId(blocks);
    const skipped =
      this.source.text.slice(prose.start, prose.end).length -
      this.source.text.slice(prose.start, prose.end).replace(/^(?:[ \t]*\n)+/, '').length;
    const source = this.source.at(prose.start + skipped);
    const targets = this.scope();
    const base = { id, ...(targets ? { targets } : {}), source };
    this.push(blocks, {
      type: 'prose',
      ...base,
      idPos: source,
      explicitId: false,
      refs: [],
      defines: [],
      declares: [],
      block: { type: 'prose', ...base, markdown },
    });
  }

  private push(blocks: DraftBlock[], draft: DraftBlock): void {
    const choices = this.choiceScope();
    // A block in a choice part carries the part's picks (a section in one carries them too).
    const block = choices && draft.block ? { ...draft, block: { ...draft.block, choices } } : draft;
    blocks.push(block);
    this.markContent();
  }

  private markContent(): void {
    for (const region of this.regions) if (region.kind === 'container') region.hasContent = true;
  }

  private openSection(): DraftSection | undefined {
    for (let i = this.regions.length - 1; i >= 0; i--) {
      const region = this.regions[i]!;
      if (region.kind === 'details' && region.section) return region.section;
    }
    return undefined;
  }

  private currentBlocks(): DraftBlock[] {
    return this.openSection()?.blocks ?? this.step?.blocks ?? this.draft.intro;
  }

  private nextId(blocks: DraftBlock[]): string {
    const n = (this.counters.get(blocks) ?? 0) + 1;
    this.counters.set(blocks, n);
    const section = this.openSection();
    if (!this.step) return `intro-${n}`;
    return section && section.blocks === blocks ? `${this.step.id}-${section.kind}-${n}` : `${this.step.id}-${n}`;
  }

  private scope(): readonly TargetName[] | undefined {
    let targets: readonly TargetName[] | undefined;
    for (const region of this.regions)
      if (region.kind === 'container') targets = intersectTargets(targets, region.targets);
    return targets;
  }

  /** The choice parts around this point, innermost narrowing outer parts of the same group. */
  private choiceScope(): readonly ChoiceTag[] | undefined {
    let choices: ChoiceTag[] | undefined;
    for (const region of this.regions)
      if (region.kind === 'container' && region.choice) choices = addChoice(choices, region.choice);
    return choices;
  }

  private reportUnclosed(region: Region, where: string): void {
    if (region.kind === 'container') {
      const message = region.wrapsStep
        ? `the ::: container that wraps a step is not closed ${where}`
        : `the ::: container is not closed ${where}`;
      this.sink.error(
        region.pos,
        'unbalanced-container',
        message,
        region.wrapsStep
          ? 'a container may wrap one step: close it with ::: before the next ## heading'
          : 'close it with a ::: line of its own',
      );
    } else {
      this.sink.error(
        region.pos,
        'unbalanced-details',
        `<details> is not closed ${where}`,
        'close it with </details> (after a blank line)',
      );
    }
  }
}
