import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readInfoString, type BlockPlan } from './block-attributes.js';
import { readCommandCheck } from './checks/cmd.js';
import { readHttpCheck, type CheckRead } from './checks/http.js';
import { readK8sCheck } from './checks/k8s.js';
import { checkReader } from './checks/read-check.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { DraftBlock, VariableDef, VariableRef } from './draft.js';
import { bodyOffsetPos, bodyPos, type Fence } from './fence.js';
import { variableReferences } from './interpolate.js';
import type { SourceText } from './source-text.js';
import type { Block, CheckSpec, TargetName, VarSpec } from './types.js';
import { readVars } from './vars-spec.js';
import { YamlSource } from './yaml-source.js';
import { errorCode } from '../shared/index.js';

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
      return { ...draft, refs, defines, ...(plan.ok ? { block } : {}) };
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
      return { ...draft, refs, ...(plan.ok ? { block } : {}) };
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
      const read: CheckRead<CheckSpec> = yaml.ok ? readCheck(plan, yaml, sink) : { defines: [] };
      const refs = referencesIn(fence, source);
      const { name, spec } = read;
      const ok = plan.ok && spec !== undefined && name !== undefined && sink.errorCount === before;
      return {
        ...draft,
        refs,
        defines: read.defines,
        ...(ok ? { block: { type: 'check', ...base, name, spec } } : {}),
      };
    }
    case 'include':
      return { ...draft, ...readInclude(plan, fence, base, context) };
    case 'output':
    case 'display':
      return {
        ...draft,
        ...(plan.ok
          ? {
              block: {
                type: 'display',
                ...base,
                lang: plan.lang,
                code: fence.body,
                role: plan.role === 'output' ? 'output' : 'code',
              },
            }
          : {}),
      };
  }
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
  // Called only for a block with include=.
  if (!include) return {};
  if (fence.body.trim() !== '') {
    context.sink.error(
      bodyPos(context.source, fence, 0, 0),
      'include-with-body',
      'an include block must be empty: its content comes from the file',
      'remove the text inside the block, or drop include=',
    );
    return {};
  }
  const path = resolve(context.lessonDir, include.path);
  let code: string;
  try {
    code = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = errorCode(error) === 'ENOENT' ? 'does not exist' : `cannot be read (${errorCode(error) ?? 'error'})`;
    context.sink.error(
      include.pos,
      'missing-include',
      `include=${include.path} ${reason}`,
      `the path is relative to the lesson file, so it resolves to ${path}`,
    );
    return {};
  }
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

function isDisplay(plan: BlockPlan): boolean {
  return plan.role === 'display' || plan.role === 'output' || plan.role === 'include';
}

function blockType(plan: BlockPlan): Block['type'] {
  return plan.role === 'output' || plan.role === 'include' ? 'display' : plan.role;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
