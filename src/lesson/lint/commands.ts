import { commandsOf } from '../commands/shell-words.js';
import { invocationOf, unknownFlags, type Invocation } from '../commands/tool-flags.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { appliesTo, type DraftBlock, type DraftStep, type LessonDraft } from '../draft.js';
import { TARGET_VARIABLES } from '../target-vars.js';
import type { SourcePos, TargetName } from '../types.js';
import { blocksOn, lintTargets, stepsOn } from './projection.js';

interface Call {
  readonly invocation: Invocation;
  readonly block: DraftBlock;
  readonly at: (offset: number) => SourcePos;
}

/**
 * Commands for the real targets cannot run here, so lint reads them: every flag of deck,
 * kongctl, kubectl and helm must exist (flag tables read from each tool's source), every
 * `deck gateway …` against Konnect names the region and the control plane, every kongctl call
 * names its API, and a solution passes the same variables as the step it solves.
 */
export function lintCommands(draft: LessonDraft, sink: DiagnosticSink): void {
  for (const call of allCalls(draft)) {
    checkFlags(call, sink);
    checkKonnectDeck(call, draft, sink);
    checkKongctlBaseUrl(call, draft, sink);
  }
  checkSolutions(draft, sink);
}

function callsIn(block: DraftBlock): Call[] {
  const shell = block.shell;
  if (!shell) return [];
  return commandsOf(shell.text).flatMap((command) => {
    const invocation = invocationOf(command);
    return invocation ? [{ invocation, block, at: shell.at }] : [];
  });
}

function allCalls(draft: LessonDraft): Call[] {
  const steps = [...draft.steps, ...(draft.cleanup ? [draft.cleanup] : [])];
  const blocks = [
    ...draft.intro,
    ...steps.flatMap((step) => [...step.blocks, ...step.sections.flatMap((section) => section.blocks)]),
  ];
  return blocks.flatMap(callsIn);
}

function checkFlags(call: Call, sink: DiagnosticSink): void {
  const { invocation } = call;
  for (const unknown of unknownFlags(invocation)) {
    const { flag } = unknown;
    const dashes = flag.isShort ? '-' : '--';
    sink.error(
      call.at(flag.word.start + dashes.length),
      'unknown-flag',
      `${invocation.tool} ${invocation.path} has no flag ${dashes}${flag.written}`,
      `${unknown.suggestion ? `did you mean --${unknown.suggestion}? ` : ''}flags as read from ${unknown.source}`,
    );
  }
}

/** The targets a block exists on: its own restriction, else the lesson's. */
function blockTargets(block: DraftBlock, draft: LessonDraft): readonly TargetName[] {
  return block.targets ?? draft.targets ?? [];
}

function assigned(invocation: Invocation, pattern: RegExp): boolean {
  return invocation.command.assignments.some((word) => pattern.test(word.text));
}

function hasFlag(invocation: Invocation, ...names: string[]): boolean {
  return invocation.flags.some((flag) => names.includes(flag.name));
}

function toolWord(call: Call): SourcePos {
  return call.at(call.invocation.command.words[0]?.start ?? 0);
}

function checkKonnectDeck(call: Call, draft: LessonDraft, sink: DiagnosticSink): void {
  const { invocation } = call;
  if (invocation.tool !== 'deck' || invocation.positional[0] !== 'gateway') return;
  const targets = blockTargets(call.block, draft);
  const konnect =
    invocation.flags.some((flag) => flag.name.startsWith('konnect-')) ||
    assigned(invocation, /^DECK_KONNECT_/) ||
    (targets.length > 0 && targets.every((target) => target === 'konnect'));
  if (!konnect) return;
  const what = `deck ${invocation.path ?? 'gateway'}`;
  if (!hasFlag(invocation, 'konnect-addr') && !assigned(invocation, /^DECK_KONNECT_ADDR=/)) {
    sink.error(
      toolWord(call),
      'konnect-flags',
      `${what} against Konnect without --konnect-addr`,
      'without it deck talks to https://us.api.konghq.com, the US region; pass --konnect-addr "$KONNECT_SERVER_URL"',
    );
  }
  if (
    !hasFlag(invocation, 'konnect-control-plane-name', 'konnect-runtime-group-name') &&
    !assigned(invocation, /^DECK_KONNECT_CONTROL_PLANE_NAME=/)
  ) {
    sink.error(
      toolWord(call),
      'konnect-flags',
      `${what} against Konnect without --konnect-control-plane-name`,
      'without it deck uses the control plane named "default"; pass --konnect-control-plane-name "$CONTROL_PLANE"',
    );
  }
}

// Verbs that never call Konnect's API, so have no API address to name.
const KONGCTL_LOCAL = new Set(['version', 'help', 'completion', 'login', 'logout']);
const SERVER_URL = 'KONNECT_SERVER_URL';

function checkKongctlBaseUrl(call: Call, draft: LessonDraft, sink: DiagnosticSink): void {
  const { invocation } = call;
  const verb = invocation.positional[0];
  if (invocation.tool !== 'kongctl' || verb === undefined || KONGCTL_LOCAL.has(verb)) return;
  const baseUrl = invocation.flags.find((flag) => flag.name === 'base-url');
  if (!baseUrl) {
    if (assigned(invocation, /^KONGCTL_[A-Z0-9_]+_KONNECT_BASE_URL=/)) return;
    sink.error(
      toolWord(call),
      'kongctl-base-url',
      `kongctl ${invocation.positional.slice(0, 2).join(' ')} without --base-url`,
      `without it kongctl asks https://us.api.konghq.com, which does not know tokens of other regions; pass ` +
        `--base-url "$${SERVER_URL}"`,
    );
    return;
  }
  const offersVariable = blockTargets(call.block, draft).some((target) =>
    TARGET_VARIABLES[target].includes(SERVER_URL),
  );
  const value = baseUrl.value;
  if (offersVariable && value && !value.text.includes('$') && !value.text.includes('{{')) {
    sink.error(
      call.at(value.start),
      'kongctl-base-url',
      `kongctl --base-url hard-codes '${value.text}'`,
      `read it from the variable the target sets: --base-url "$${SERVER_URL}"`,
    );
  }
}

/** A call's identity, to match a solution's command to the step's: tool, then its arguments by base name. */
function signature(invocation: Invocation): string {
  const values = new Set(invocation.flags.flatMap((flag) => (flag.value ? [flag.value.start] : [])));
  const words = invocation.command.words
    .slice(1)
    .filter((word) => !word.text.startsWith('-') && !values.has(word.start));
  return [invocation.tool, ...words.map((word) => word.text.replace(/^.*\//, ''))].join(' ');
}

function checkSolutions(draft: LessonDraft, sink: DiagnosticSink): void {
  for (const target of lintTargets(draft)) {
    if (!target) continue;
    const variables = new Set([
      ...TARGET_VARIABLES[target],
      ...draft.vars.filter((spec) => appliesTo(spec.targets, target)).map((spec) => spec.name),
    ]);
    for (const step of stepsOn(draft, target)) checkSolution(step, target, variables, sink);
  }
}

/**
 * A solution's command that matches one of the step's (same tool and arguments) must pass
 * every flag the step fills from a target or lesson variable, with that variable: a literal
 * there only works with the default value, and a left-out --konnect-addr talks to another region.
 */
function checkSolution(
  step: DraftStep,
  target: TargetName,
  variables: ReadonlySet<string>,
  sink: DiagnosticSink,
): void {
  const stepCalls = blocksOn(step.blocks, target)
    .filter((block) => block.type === 'run' || block.type === 'check')
    .flatMap(callsIn);
  if (stepCalls.length === 0) return;
  for (const section of step.sections) {
    if (section.kind !== 'solution' || !appliesTo(section.targets, target)) continue;
    for (const call of blocksOn(section.blocks, target).flatMap(callsIn)) {
      const key = signature(call.invocation);
      const model = stepCalls.find((candidate) => signature(candidate.invocation) === key);
      if (model) compareFlags(model, call, variables, sink);
    }
  }
}

function compareFlags(model: Call, call: Call, variables: ReadonlySet<string>, sink: DiagnosticSink): void {
  const what = [call.invocation.tool, call.invocation.path ?? call.invocation.positional[0] ?? ''].join(' ').trim();
  // A misspelt flag in the step is reported there; the solution is not asked to copy it.
  const misspelt = new Set(unknownFlags(model.invocation).map((unknown) => unknown.flag));
  for (const flag of model.invocation.flags) {
    if (misspelt.has(flag)) continue;
    const variable = flag.value?.variable;
    if (!variable || !variables.has(variable)) continue;
    const written = `${flag.isShort ? '-' : '--'}${flag.written}`;
    const mine = call.invocation.flags.find((candidate) => candidate.name === flag.name);
    if (!mine) {
      sink.error(
        toolWord(call),
        'solution-variables',
        `the solution's ${what} leaves out ${written}, which the step passes as $${variable}`,
        `add ${written} "$${variable}", as the step's command does`,
      );
    } else if (mine.value?.variable !== variable) {
      const value = mine.value;
      sink.error(
        call.at(value ? value.start : mine.word.start),
        'solution-variables',
        `the solution passes '${value?.text ?? ''}' to ${written}, where the step passes $${variable}`,
        `write "$${variable}": a solution that hard-codes it only works with the default, not with --var ${variable}=…`,
      );
    }
  }
}
