import { parseDuration } from '../shared/index.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { Fence } from './fence.js';
import { splitInfoString, type InfoWord } from './info-string.js';
import { VARIABLE_NAME } from './schema-common.js';
import type { SourceText } from './source-text.js';
import { didYouMean, listWords } from './suggest.js';
import { BUILTIN_VARIABLES, TARGET_VARIABLES } from './target-vars.js';
import { readTargetList } from './target-list.js';
import { OUTPUT_MATCHES, type CheckKind, type OutputMatch, type SourcePos, type TargetName } from './types.js';

export type BlockRole = 'display' | 'output' | 'run' | 'file' | 'include' | 'vars' | 'check';

/** What a fence's info string asks for, validated. `ok` is false when an attribute was wrong. */
export interface BlockPlan {
  readonly role: BlockRole;
  readonly lang: string;
  readonly ok: boolean;
  /** For checks: http, cmd or k8s; undefined when the info string names an unknown kind. */
  readonly checkKind?: CheckKind;
  readonly id?: { readonly value: string; readonly pos: SourcePos };
  readonly targets?: readonly TargetName[];
  /** Where `target=` is written. */
  readonly targetPos?: SourcePos;
  readonly timeoutMs?: number;
  readonly exit?: number;
  readonly capture?: { readonly variable: string; readonly pos: SourcePos };
  readonly secret: boolean;
  readonly file?: string;
  /** Where the value of `file=` is written, for the path rules that need the lesson's variables. */
  readonly filePos?: SourcePos;
  readonly mode?: number;
  readonly raw: boolean;
  /** On a check: it holds before its step too (a read-only fact); `verify` accepts that. */
  readonly holdsBefore: boolean;
  /** On a check: it judges a moment inside its step, which a re-check cannot see. */
  readonly transient: boolean;
  readonly include?: { readonly path: string; readonly pos: SourcePos };
  /** On an output block: it must match the output of the run block before it. */
  readonly match?: OutputMatch;
}

const RUNNABLE_LANGS = ['sh', 'bash', 'shell'];
const CHECK_KINDS: Record<string, CheckKind> = { http: 'http', cmd: 'cmd', k8s: 'k8s' };
const VALUE_ATTRIBUTES = ['target', 'id', 'timeout', 'exit', 'capture', 'file', 'mode', 'include', 'match'];
const FLAG_ATTRIBUTES = ['secret', 'raw', 'holds-before', 'transient'];

const ROLE_ATTRIBUTES: Record<BlockRole, readonly string[]> = {
  run: ['target', 'id', 'timeout', 'exit', 'capture', 'secret'],
  file: ['target', 'id', 'file', 'mode', 'raw'],
  include: ['target', 'id', 'include'],
  display: ['target', 'id', 'file', 'include'],
  output: ['target', 'id', 'match'],
  vars: ['target', 'id'],
  check: ['target', 'id', 'holds-before', 'transient'],
};

const ROLE_NAMES: Record<BlockRole, [string, string]> = {
  run: ['a run block', 'Run blocks take'],
  file: ['a file block', 'File blocks take'],
  include: ['an include block', 'Include blocks take'],
  display: ['a code block', 'Code blocks take'],
  output: ['an output block', 'Output blocks take'],
  vars: ['a vars block', 'Vars blocks take'],
  check: ['a check block', 'Check blocks take'],
};

const RESERVED = new Set<string>([...BUILTIN_VARIABLES, ...Object.values(TARGET_VARIABLES).flat()]);

/** Reads a fence's info string: its language, its role and its attributes, each checked where it is written. */
export function readInfoString(
  fence: Fence,
  source: SourceText,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): BlockPlan {
  const words = splitInfoString(fence.info);
  const first = words[0];
  const hasLang = first !== undefined && first.key === undefined;
  const lang = hasLang ? first.raw : '';
  const rest = hasLang ? words.slice(1) : words;
  const role = roleOf(lang, rest);
  const posOf = (offset: number) => source.at(fence.infoStart + offset);
  const before = sink.errorCount;
  const plan: { -readonly [K in keyof BlockPlan]: BlockPlan[K] } = {
    role,
    lang: role === 'output' ? 'text' : lang,
    ok: true,
    ...(lang === 'check' ? { checkKind: 'http' as const } : {}),
    secret: false,
    raw: false,
    holdsBefore: false,
    transient: false,
  };
  const seen = new Set<string>();

  if (role === 'run' && !RUNNABLE_LANGS.includes(lang)) {
    const run = rest.find((word) => word.raw === 'run');
    sink.error(
      posOf(run?.start ?? 0),
      'run-language',
      `only sh, bash and shell blocks can run, not '${lang || 'a block without a language'}'`,
      `write \`\`\`sh run, or drop 'run' to show the block`,
    );
  }
  if (role === 'display' && rest.some((w) => w.key === 'file') && rest.some((w) => w.key === 'include')) {
    const include = rest.find((w) => w.key === 'include');
    sink.error(
      posOf(include?.start ?? 0),
      'conflicting-attributes',
      'a block cannot both write a file and include one',
      'use file= to write the block, or include= to show a file',
    );
  }

  for (const word of rest) {
    const name = word.key ?? word.raw;
    const allowed = ROLE_ATTRIBUTES[role];
    if (word.key === undefined && isRoleWord(role, word.raw)) {
      const kind = CHECK_KINDS[word.raw];
      if (role === 'check' && kind) plan.checkKind = kind;
      continue;
    }
    if (seen.has(name)) {
      sink.error(posOf(word.start), 'duplicate-attribute', `'${name}' is given twice`, `keep one ${name}`);
      continue;
    }
    seen.add(name);
    if (!allowed.includes(name)) {
      if (role === 'check' && word.key === undefined) delete plan.checkKind;
      reportUnknown(word, role, lang, posOf(word.start), sink);
      continue;
    }
    if (FLAG_ATTRIBUTES.includes(name) !== (word.key === undefined)) {
      const flag = FLAG_ATTRIBUTES.includes(name);
      sink.error(
        posOf(word.start),
        'invalid-attribute',
        flag ? `'${name}' is a flag and takes no value` : `'${name}' needs a value`,
        flag ? `write just ${name}` : `write ${name}=${exampleValue(name)}`,
      );
      continue;
    }
    if (word.unclosedQuote) {
      sink.error(
        posOf((word.valueStart ?? word.start + 1) - 1),
        'invalid-attribute',
        `the quoted value of '${name}' is not closed`,
        'close the quote: file="my file.yaml"',
      );
      continue;
    }
    readAttribute(
      plan,
      name,
      word.value ?? '',
      posOf(word.valueStart ?? word.start),
      fence.infoStart + (word.valueStart ?? 0),
      source,
      lessonTargets,
      sink,
    );
  }
  if (plan.secret && !plan.capture) {
    const secret = rest.find((word) => word.raw === 'secret');
    sink.error(
      posOf(secret?.start ?? 0),
      'invalid-attribute',
      "'secret' applies to a captured value, and this block captures nothing",
      'add capture=NAME, or drop secret',
    );
  }
  plan.ok = sink.errorCount === before;
  return plan;
}

function roleOf(lang: string, rest: readonly InfoWord[]): BlockRole {
  if (lang === 'check') return 'check';
  if (lang === 'vars') return 'vars';
  if (lang === 'output') return 'output';
  if (rest.some((word) => word.raw === 'run' && word.key === undefined)) return 'run';
  if (rest.some((word) => word.key === 'file')) return 'file';
  if (rest.some((word) => word.key === 'include')) return 'include';
  return 'display';
}

/** `run` on a run block, `http`/`cmd`/`k8s` on a check: words that say what a block is. */
function isRoleWord(role: BlockRole, word: string): boolean {
  if (role === 'run') return word === 'run';
  return role === 'check' && word in CHECK_KINDS;
}

function reportUnknown(word: InfoWord, role: BlockRole, lang: string, pos: SourcePos, sink: DiagnosticSink): void {
  const name = word.key ?? word.raw;
  const [blockName, takes] = ROLE_NAMES[role];
  const allowed = ROLE_ATTRIBUTES[role];
  const extra =
    role === 'check'
      ? Object.keys(CHECK_KINDS)
      : role === 'display' && (RUNNABLE_LANGS.includes(lang) || lang === '')
        ? ['run']
        : [];
  const known = VALUE_ATTRIBUTES.includes(name) || FLAG_ATTRIBUTES.includes(name) || name === 'run';
  const message = known
    ? `'${name}' does not apply to ${blockName}`
    : `unknown ${word.key === undefined ? 'word' : 'attribute'} '${name}' on ${blockName}`;
  const takesText = `${takes} ${listWords([...allowed, ...extra])}`;
  sink.error(
    pos,
    'unknown-attribute',
    message,
    (known ? '' : didYouMean(name, [...allowed, ...extra, ...VALUE_ATTRIBUTES, ...FLAG_ATTRIBUTES, 'run'])) + takesText,
  );
}

function readAttribute(
  plan: { -readonly [K in keyof BlockPlan]: BlockPlan[K] },
  name: string,
  value: string,
  pos: SourcePos,
  offset: number,
  source: SourceText,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
): void {
  switch (name) {
    case 'target':
      plan.targets = readTargetList(value, offset, source, lessonTargets, sink);
      plan.targetPos = pos;
      return;
    case 'id':
      if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)) plan.id = { value, pos };
      else
        sink.error(
          pos,
          'invalid-attribute',
          `'${value}' is not a valid id`,
          'ids are letters, digits, -, _ and ., e.g. id=create-consumer',
        );
      return;
    case 'timeout': {
      const ms = parseDuration(value);
      if (ms !== undefined) plan.timeoutMs = ms;
      else if (/^\d+(\.\d+)?$/.test(value))
        sink.error(
          pos,
          'bad-duration',
          `timeout=${value} has no unit`,
          `write timeout=${value}s (or ms, m, h): durations always carry a unit`,
        );
      else
        sink.error(
          pos,
          'bad-duration',
          `'${value}' is not a duration`,
          'write a number with a unit: timeout=30s, timeout=2m',
        );
      return;
    }
    case 'exit':
      if (/^\d+$/.test(value) && Number(value) <= 255) plan.exit = Number(value);
      else
        sink.error(
          pos,
          'invalid-attribute',
          `exit=${value} is not an exit code`,
          'exit codes are whole numbers from 0 to 255, e.g. exit=1',
        );
      return;
    case 'capture':
      if (!VARIABLE_NAME.test(value))
        sink.error(
          pos,
          'invalid-variable-name',
          `'${value}' is not a variable name`,
          `variable names are upper case letters, digits and _, e.g. ` +
            `capture=${value.toUpperCase().replace(/[^A-Z0-9_]/g, '_') || 'TOKEN'}`,
        );
      else if (RESERVED.has(value))
        sink.error(
          pos,
          'reserved-variable',
          `'${value}' is provided by the run or a target and cannot be captured`,
          'capture into another name',
        );
      else plan.capture = { variable: value, pos };
      return;
    case 'secret':
      plan.secret = true;
      return;
    case 'raw':
      plan.raw = true;
      return;
    case 'holds-before':
      plan.holdsBefore = true;
      return;
    case 'transient':
      plan.transient = true;
      return;
    case 'mode':
      if (/^0?[0-7]{3}$/.test(value)) plan.mode = parseInt(value, 8);
      else
        sink.error(pos, 'invalid-attribute', `mode=${value} is not an octal file mode`, 'write mode=0600 or mode=0755');
      return;
    case 'file':
      if (value === '' || value.startsWith('/') || value.split(/[\\/]/).includes('..'))
        sink.error(
          pos,
          'invalid-attribute',
          `file=${value} must be a path inside the work folder`,
          'use a relative path without .., e.g. file=kong.yaml or file=manifests/plugin.yaml',
        );
      else {
        plan.file = value;
        plan.filePos = pos;
      }
      return;
    case 'match': {
      const match = OUTPUT_MATCHES.find((known) => known === value);
      if (match) plan.match = match;
      else
        sink.error(
          pos,
          'invalid-attribute',
          `match=${value} is not a way to compare output`,
          `${didYouMean(value, OUTPUT_MATCHES)}write match=exact, match=pattern, match=fields or match=response`,
        );
      return;
    }
    case 'include':
      if (value === '')
        sink.error(
          pos,
          'invalid-attribute',
          'include= needs a path',
          'write include=PATH, relative to the lesson file',
        );
      else plan.include = { path: value, pos };
      return;
  }
}

function exampleValue(name: string): string {
  return (
    {
      target: 'kind',
      id: 'my-block',
      timeout: '30s',
      exit: '0',
      capture: 'NAME',
      file: 'kong.yaml',
      mode: '0600',
      include: 'fixtures/x.yaml',
      match: 'pattern',
    }[name] ?? 'VALUE'
  );
}
