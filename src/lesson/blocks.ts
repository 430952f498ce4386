import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { readInfoString, type BlockPlan } from './block-attributes.js';
import { resolveByTarget, type ByTargetVariants } from './by-target.js';
import { readCommandCheck } from './checks/cmd.js';
import { readHttpCheck, type CheckRead } from './checks/http.js';
import { readK8sCheck } from './checks/k8s.js';
import { checkReader } from './checks/read-check.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { DraftBlock, ShellText, VariableDef, VariableRef } from './draft.js';
import { bodyOffsetPos, bodyPos, type Fence } from './fence.js';
import { variableReferences } from './interpolate.js';
import type { SourceText } from './source-text.js';
import type { Block, CheckSpec, TargetName, VarSpec } from './types.js';
import { readOutputBlock } from './output-block.js';
import { readVars } from './vars-spec.js';
import { YamlSource } from './yaml-source.js';

const DEFAULT_RUN_TIMEOUT_MS = 60_000;

/** Everything a fence needs from where it sits. */
export interface BlockContext {
  readonly source: SourceText;
  readonly sink: DiagnosticSink;
  readonly lessonDir: string;
  readonly lessonTargets?: readonly TargetName[];
  /** The id the block gets without `id=`. */
  readonly defaultId: string;
  /** Targets of the enclosing containers; undefined when none restricts. */
  readonly scope?: readonly TargetName[];
  /** In a hint, solution or notes section, where blocks are only shown. */
  readonly inSection: boolean;
  /** Before the first step, where nothing runs. */
  readonly inIntro: boolean;
}

/** Turns a fence into a draft block: the Block when valid, and what lint needs either way. */
export function readFenceBlock(fence: Fence, context: BlockContext): DraftBlock {
  const { source, sink } = context;
  const plan = readInfoString(fence, source, context.lessonTargets, sink);
  const at = source.at(fence.fenceStart);
  const targets = scopedTargets(plan, fence, context);
  const id = plan.id?.value ?? context.defaultId;
  const base = { id, ...(targets ? { targets } : {}), source: at };
  if (!isDisplay(plan) && (context.inSection || context.inIntro)) {
    const where = context.inSection
      ? 'in a hint, solution or notes section, where blocks are only shown'
      : 'before the first ## step, where nothing runs';
    sink.error(
      at,
      context.inSection ? 'block-in-section' : 'block-outside-step',
      `a ${plan.role} block ${where}`,
      context.inSection
        ? `move it into the step, or make it a plain \`\`\`${plan.lang || 'sh'} block`
        : 'move it under a ## heading',
    );
  }
  const draft = {
    type: blockType(plan),
    ...base,
    idPos: plan.id?.pos ?? at,
    explicitId: plan.id !== undefined,
    refs: [] as VariableRef[],
    defines: [] as VariableDef[],
    declares: [] as VarSpec[],
  };
  switch (plan.role) {
    case 'run': {
      const refs = referencesIn(fence, source);
      const defines = plan.capture ? [{ name: plan.capture.variable, pos: plan.capture.pos, secret: plan.secret }] : [];
      const block: Block = {
        type: 'run',
        ...base,
        lang: plan.lang,
        command: fence.body,
        timeoutMs: plan.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
        expectExit: plan.exit ?? 0,
        ...(plan.capture ? { capture: { variable: plan.capture.variable, secret: plan.secret } } : {}),
      };
      return { ...draft, refs, defines, shell: fenceShell(fence, source), ...(plan.ok ? { block } : {}) };
    }
    case 'file': {
      const refs = plan.raw ? [] : referencesIn(fence, source);
      const block: Block = {
        type: 'file',
        ...base,
        lang: plan.lang,
        path: plan.file ?? '',
        content: withNewline(fence.body),
        raw: plan.raw,
        ...(plan.mode !== undefined ? { mode: plan.mode } : {}),
      };
      const filePath = plan.file && plan.filePos ? { path: plan.file, pos: plan.filePos } : undefined;
      return { ...draft, refs, ...(filePath ? { filePath } : {}), ...(plan.ok ? { block } : {}) };
    }
    case 'vars': {
      const before = sink.errorCount;
      const yaml = parseBody(fence, context);
      const declares = yaml.ok ? readVars(yaml, [], context.lessonTargets, sink, 'vars block') : [];
      const ok = plan.ok && sink.errorCount === before;
      return { ...draft, declares, ...(ok ? { block: { type: 'vars', ...base, vars: declares } } : {}) };
    }
    case 'check': {
      const before = sink.errorCount;
      const yaml = parseBody(fence, context);
      const on = targets ?? context.lessonTargets ?? [];
      const perTarget = yaml.ok ? resolveByTarget(yaml, on, context.lessonTargets, sink) : undefined;
      if (perTarget) return { ...draft, ...readPerTargetCheck(plan, perTarget, fence, context, before) };
      const read: CheckRead<CheckSpec> = yaml.ok ? readCheck(plan, yaml, sink) : { defines: [] };
      const refs = referencesIn(fence, source);
      const { name, spec } = read;
      const ok = plan.ok && spec !== undefined && name !== undefined && sink.errorCount === before;
      const shell = spec?.kind === 'cmd' ? checkShell(spec.command, fence, source, yaml) : undefined;
      return {
        ...draft,
        refs,
        defines: read.defines,
        ...(shell ? { shell } : {}),
        ...(ok ? { block: { type: 'check', ...base, name, spec, ...checkFlags(plan) } } : {}),
      };
    }
    case 'include':
      return { ...draft, ...readInclude(plan, fence, base, context) };
    case 'output': {
      if (plan.match) return { ...draft, ...readOutputBlock(plan.match, plan.ok, fence, base, context) };
      return {
        ...draft,
        ...(plan.ok ? { block: { type: 'display', ...base, lang: plan.lang, code: fence.body, role: 'output' } } : {}),
      };
    }
    case 'display':
      return {
        ...draft,
        ...(SHELL_LANGUAGES.has(plan.lang) ? { shell: fenceShell(fence, source) } : {}),
        ...(plan.ok ? { block: { type: 'display', ...base, lang: plan.lang, code: fence.body, role: 'code' } } : {}),
      };
  }
}

/** A check with by-target values: read once per target, refs inside a branch kept to its targets. */
function readPerTargetCheck(
  plan: BlockPlan,
  perTarget: ByTargetVariants,
  fence: Fence,
  context: BlockContext,
  before: number,
): Partial<DraftBlock> {
  const reads = [...perTarget.variants].map(([target, yaml]) => ({
    target,
    read: readCheck(plan, yaml, context.sink),
  }));
  const refs = variableReferences(fence.body).map((ref): VariableRef => {
    const branch = perTarget.branches.find((b) => ref.index >= b.start && ref.index < b.end);
    return {
      name: ref.name,
      pos: bodyOffsetPos(context.source, fence, ref.index),
      ...(branch ? { targets: branch.targets } : {}),
    };
  });
  const defines = reads.flatMap((r) => r.read.defines);
  const first = reads[0]?.read;
  const ok = plan.ok && reads.every((r) => r.read.spec !== undefined) && context.sink.errorCount === before;
  if (!ok || !first?.spec || first.name === undefined) return { refs, defines };
  const byTarget: Partial<Record<TargetName, { name: string; spec: CheckSpec }>> = {};
  for (const { target, read } of reads)
    if (read.spec && read.name !== undefined) byTarget[target] = { name: read.name, spec: read.spec };
  const id = plan.id?.value ?? context.defaultId;
  const targets = scopedTargets(plan, fence, context);
  const block: Block = {
    type: 'check',
    id,
    ...(targets ? { targets } : {}),
    source: context.source.at(fence.fenceStart),
    name: first.name,
    spec: first.spec,
    byTarget,
    ...checkFlags(plan),
  };
  return { refs, defines, block };
}

/** The info string's flags a check block carries: `holds-before`, `transient`. */
function checkFlags(plan: BlockPlan): { holdsBefore?: true; transient?: true } {
  return { ...(plan.holdsBefore ? { holdsBefore: true } : {}), ...(plan.transient ? { transient: true } : {}) };
}

function readCheck(plan: BlockPlan, yaml: YamlSource, sink: DiagnosticSink): CheckRead<CheckSpec> {
  const reader = checkReader(yaml, sink);
  switch (plan.checkKind) {
    case undefined:
      // The info string names no kind we know (reported there); its YAML cannot be judged.
      return { defines: [] };
    case 'http':
      return readHttpCheck(reader);
    case 'cmd':
      return readCommandCheck(reader);
    case 'k8s':
      return readK8sCheck(reader);
  }
}

function readInclude(
  plan: BlockPlan,
  fence: Fence,
  base: Omit<Block, 'type'>,
  context: BlockContext,
): Partial<DraftBlock> {
  const include = plan.include;
  if (!include) return {}; // include= with no path: its attribute problem is already reported
  if (fence.body.trim() !== '') {
    context.sink.error(
      bodyPos(context.source, fence, 0, 0),
      'include-with-body',
      'an include block must be empty: its content comes from the file',
      'remove the text inside the block, or drop include=',
    );
    return {};
  }
  const read = readIncludedFile(context.lessonDir, include.path);
  if ('problem' in read) {
    context.sink.error(include.pos, read.code, `include=${include.path} ${read.problem}`, read.hint);
    return {};
  }
  const { path, code } = read;
  return plan.ok
    ? {
        block: {
          type: 'display',
          ...base,
          lang: plan.lang,
          code: code.replace(/\n$/, ''),
          role: 'code',
          include: path,
        },
      }
    : {};
}

function scopedTargets(plan: BlockPlan, fence: Fence, context: BlockContext): readonly TargetName[] | undefined {
  if (!plan.targets) return context.scope;
  const scope = context.scope;
  if (!scope) return plan.targets;
  const outside = plan.targets.filter((target) => !scope.includes(target));
  if (outside.length > 0) {
    context.sink.error(
      plan.targetPos ?? context.source.at(fence.fenceStart),
      'unreachable-target',
      `the block is for ${outside.join(', ')}, but it sits in a part for ${scope.join(', ')} only`,
      'a block inside ::: target=… exists only for those targets; fix target= or move the block out',
    );
  }
  return plan.targets.filter((target) => scope.includes(target));
}

function parseBody(fence: Fence, context: BlockContext): YamlSource {
  return YamlSource.parse(
    fence.body,
    (line, column) => bodyPos(context.source, fence, line, column),
    context.source.at(fence.fenceStart),
    context.sink,
  );
}

function referencesIn(fence: Fence, source: SourceText): VariableRef[] {
  return variableReferences(fence.body).map((ref) => ({
    name: ref.name,
    pos: bodyOffsetPos(source, fence, ref.index),
  }));
}

// Shown commands in these languages are read by the command rules like the ones that run.
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'zsh']);

function fenceShell(fence: Fence, source: SourceText): ShellText {
  return { text: fence.body, at: (offset) => bodyOffsetPos(source, fence, offset) };
}

/**
 * A check's `run:` as shell text. YAML may have folded or unescaped it, so an offset is found
 * again in the block by the text around it; what cannot be found points at the `run:` value.
 */
function checkShell(command: string, fence: Fence, source: SourceText, yaml: YamlSource): ShellText {
  const fallback = yaml.valuePos(['run']);
  return {
    text: command,
    at: (offset) => {
      const word = /^[^\s"'\\]+/.exec(command.slice(offset))?.[0] ?? '';
      if (!word) return fallback;
      // The n-th occurrence in the command is the n-th in the block.
      let found = -1;
      for (let from = command.indexOf(word); from !== -1 && from <= offset; from = command.indexOf(word, from + 1)) {
        found = fence.body.indexOf(word, found + 1);
        if (found === -1) break;
      }
      return found === -1 ? fallback : bodyOffsetPos(source, fence, found);
    },
  };
}

function isDisplay(plan: BlockPlan): boolean {
  return plan.role === 'display' || plan.role === 'output' || plan.role === 'include';
}

function blockType(plan: BlockPlan): Block['type'] {
  return plan.role === 'output' || plan.role === 'include' ? 'display' : plan.role;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** The largest file include= shows: a lesson shows manifests and deck files, not data. */
const MAX_INCLUDE_BYTES = 256 * 1024;

type IncludeRead =
  | { readonly path: string; readonly code: string }
  | { readonly code: string; readonly problem: string; readonly hint: string };

/**
 * Reads an include= file, but only a regular file of modest size inside the lesson's own tree:
 * parsing a lesson from anywhere (before any trust is given) must never read ~/.ssh, hang on a
 * FIFO or fill memory from /dev/zero. The tree is the lesson's folder, or, for the usual layout of
 * a lesson repository (lessons/ beside fixtures/), the folder that holds `lessons`.
 */
function readIncludedFile(lessonDir: string, relative: string): IncludeRead {
  const root = includeRoot(lessonDir);
  const path = resolve(lessonDir, relative);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return {
      code: 'missing-include',
      problem: 'does not exist',
      hint: `the path is relative to the lesson file, so it resolves to ${path}`,
    };
  }
  if (!isInside(real, root)) {
    return {
      code: 'include-outside',
      problem: `is outside the lesson's folder (${root})`,
      hint: 'include only files that ship with the lesson: put the file beside the lesson, or in its repository',
    };
  }
  const stat = statSync(real);
  if (!stat.isFile()) {
    return {
      code: 'missing-include',
      problem: 'is not a regular file',
      hint: 'include= shows a file; devices, pipes and folders cannot be shown',
    };
  }
  if (stat.size > MAX_INCLUDE_BYTES) {
    return {
      code: 'missing-include',
      problem: `is too large to show (${stat.size} bytes; at most ${MAX_INCLUDE_BYTES})`,
      hint: 'include a smaller file, or show the part that matters in the block itself',
    };
  }
  try {
    return { path, code: readFileSync(real, 'utf8') };
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'error';
    return {
      code: 'missing-include',
      problem: `cannot be read (${reason})`,
      hint: `check the file's permissions: ${real}`,
    };
  }
}

function includeRoot(lessonDir: string): string {
  let real = lessonDir;
  try {
    real = realpathSync(lessonDir);
  } catch {
    // a lesson parsed from text alone: its folder may not exist
  }
  return basename(real) === 'lessons' ? dirname(real) : real;
}

const isInside = (path: string, root: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
