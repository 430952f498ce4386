import * as z from 'zod';
import type { DiagnosticSink } from './diagnostics.js';
import { durationSchema, targetNameSchema } from './schema-common.js';
import { reportIssues } from './schema-issues.js';
import type { SourceText } from './source-text.js';
import { didYouMean } from './suggest.js';
import { TARGET_NAMES, type LessonMeta, type TargetName, type ToolRequirement, type VarSpec } from './types.js';
import { readVars } from './vars-spec.js';
import { YamlSource } from './yaml-source.js';
import { isTargetName } from '../shared/index.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `kubectl`, or `kubectl >=1.25`: a tool, and the oldest version the lesson's commands work with. */
const TOOL_SPEC = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s*>=\s*(\d+(?:\.\d+){0,2}))?$/;

const toolSpec = z.string().superRefine((value, ctx) => {
  if (!TOOL_SPEC.test(value.trim()))
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not a tool, or a tool with a minimum version`,
      params: {
        hint: "write the tool's name, optionally with the oldest version that works: kubectl, or kubectl >=1.25",
      },
    });
});

const fields = {
  id: z.string().superRefine((value, ctx) => {
    if (!KEBAB.test(value))
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not kebab-case`,
        params: {
          hint: `use lower case words joined by dashes, e.g. ${
            value
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '') || 'key-auth'
          }`,
        },
      });
  }),
  title: z.string().min(1),
  summary: z.string().optional(),
  duration: durationSchema.optional(),
  targets: z
    .array(targetNameSchema)
    .min(1)
    .superRefine((targets, ctx) => {
      targets.forEach((target, index) => {
        if (targets.indexOf(target) !== index)
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `'${target}' is listed twice`,
            params: { hint: 'list each target once' },
          });
      });
    }),
  requires: z
    .strictObject({ tools: z.union([z.array(toolSpec), z.record(z.string(), z.array(toolSpec))]).optional() })
    .optional(),
  vars: z.unknown().optional(),
};

export const frontMatterSchema = z.strictObject(fields);

const lenientTools = z.union([z.array(z.string()), z.record(z.string(), z.array(z.string()))]).optional();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the front matter gave, as far as it is valid: later checks use whatever is known. */
export interface FrontMatter {
  readonly meta: Partial<Omit<LessonMeta, 'vars' | 'tools'>> & Pick<LessonMeta, 'vars' | 'tools'>;
  /** Offset where the markdown after the front matter starts. */
  readonly bodyOffset: number;
}

/** Reads the `---` front matter at the top of the lesson. */
export function readFrontMatter(source: SourceText, sink: DiagnosticSink): FrontMatter {
  const empty: FrontMatter = { meta: { vars: [], tools: {} }, bodyOffset: 0 };
  if (!/^---[ \t]*\n/.test(source.text)) {
    sink.error(
      source.pos(1, 1),
      'missing-front-matter',
      'the lesson has no front matter',
      'start the file with a line ---, then id:, title: and targets: lines, then another ---',
    );
    return empty;
  }
  const start = source.text.indexOf('\n') + 1;
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(source.text.slice(start));
  if (!close) {
    sink.error(
      source.pos(1, 1),
      'missing-front-matter',
      'the front matter is not closed',
      'end the front matter with a line holding only ---',
    );
    return empty;
  }
  const yamlText = source.text.slice(start, start + close.index);
  const closeEnd = source.text.indexOf('\n', start + close.index);
  const bodyOffset = closeEnd === -1 ? source.text.length : closeEnd + 1;
  const yaml = YamlSource.parse(yamlText, (line, column) => source.pos(line + 2, column + 1), source.pos(1, 1), sink);
  if (!yaml.ok) return { ...empty, bodyOffset };
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    sink.error(
      source.pos(2, 1),
      'invalid-front-matter',
      'the front matter must be a map of keys',
      'write key: value lines: id, title, targets, …',
    );
    return { ...empty, bodyOffset };
  }
  const result = frontMatterSchema.safeParse(yaml.value);
  if (!result.success)
    reportIssues(
      result.error.issues,
      { yaml, schema: frontMatterSchema, code: 'invalid-front-matter', subject: 'front matter' },
      sink,
    );
  const raw = yaml.value as Record<string, unknown>;
  const field = <K extends keyof typeof fields>(key: K): z.output<(typeof fields)[K]> | undefined => {
    const parsed = fields[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as z.output<(typeof fields)[K]>) : undefined;
  };
  const targets = field('targets');
  const vars: VarSpec[] = readVars(yaml, ['vars'], targets, sink, 'front matter vars');
  // Read leniently: one malformed tool spec (reported above) must not hide the other tools' targets.
  const toolsField = lenientTools.safeParse(isRecord(raw.requires) ? raw.requires.tools : undefined);
  const tools = readTools(toolsField.success ? toolsField.data : undefined, targets, yaml, sink);
  const meta: FrontMatter['meta'] = {
    ...defined({
      id: field('id'),
      title: field('title'),
      summary: field('summary'),
      durationMs: field('duration'),
      targets,
    }),
    vars,
    tools,
  };
  return { meta, bodyOffset };
}

function readTools(
  tools: string[] | Record<string, string[]> | undefined,
  targets: readonly TargetName[] | undefined,
  yaml: YamlSource,
  sink: DiagnosticSink,
): LessonMeta['tools'] {
  if (!tools) return {};
  if (Array.isArray(tools)) return { '*': tools.flatMap(toolRequirement) };
  const out: Partial<Record<TargetName, readonly ToolRequirement[]>> = {};
  for (const [target, list] of Object.entries(tools)) {
    const at = yaml.keyPos(['requires', 'tools', target]);
    if (!isTargetName(target)) {
      sink.error(
        at,
        'unknown-target',
        `unknown target '${target}'`,
        `${didYouMean(target, TARGET_NAMES)}Targets are ${TARGET_NAMES.join(', ')}`,
      );
    } else if (targets && !targets.includes(target)) {
      sink.error(
        at,
        'target-not-listed',
        `target '${target}' is not one of the lesson's targets`,
        `add ${target} to targets, or remove its tools`,
      );
    } else {
      out[target] = list.flatMap(toolRequirement);
    }
  }
  return out;
}

/** A tool spec as a requirement; none for a spec the schema has already refused. */
function toolRequirement(spec: string): ToolRequirement[] {
  const match = TOOL_SPEC.exec(spec.trim());
  if (!match) return [];
  const [, name = '', minimum] = match;
  return [minimum ? { name, minimum } : { name }];
}

function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
