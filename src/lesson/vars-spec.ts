import * as z from 'zod';
import type { DiagnosticSink } from './diagnostics.js';
import { patternSchema, scalarSchema, targetNameSchema, textSchema, VARIABLE_NAME } from './schema-common.js';
import { reportIssues } from './schema-issues.js';
import { BUILTIN_VARIABLES, TARGET_VARIABLES } from './target-vars.js';
import type { TargetName, VarSpec } from './types.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

const varObjectSchema = z.strictObject({
  prompt: z.string().optional(),
  default: textSchema.optional(),
  secret: z.boolean().optional(),
  pattern: patternSchema.optional(),
  hint: z.string().optional(),
  targets: z.array(targetNameSchema).min(1).optional(),
});

/** `NAME: { prompt, default, secret, pattern, hint, targets }`, or `NAME: value` for a default. */
export const varsSchema = z.record(z.string(), z.union([scalarSchema, varObjectSchema]));

const RESERVED = new Set<string>([...BUILTIN_VARIABLES, ...Object.values(TARGET_VARIABLES).flat()]);

/**
 * Reads variable declarations (front matter `vars:` or a vars block) at `base` in `yaml`.
 * Valid declarations are returned even when others are not, so lint still knows their names.
 */
export function readVars(
  yaml: YamlSource,
  base: YamlPath,
  lessonTargets: readonly TargetName[] | undefined,
  sink: DiagnosticSink,
  subject: string,
): VarSpec[] {
  const raw = base.length ? (yaml.value as Record<string, unknown> | undefined)?.[String(base[0])] : yaml.value;
  if (raw === undefined || raw === null) return [];
  const vars: VarSpec[] = [];
  const whole = varsSchema.safeParse(raw);
  if (!whole.success)
    reportIssues(whole.error.issues, { yaml, schema: varsSchema, basePath: base, code: 'invalid-vars', subject }, sink);
  if (typeof raw !== 'object' || Array.isArray(raw)) return vars;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const entry = z.union([scalarSchema, varObjectSchema]).safeParse(value);
    const keyPos = yaml.keyPos([...base, name]);
    if (!VARIABLE_NAME.test(name)) {
      sink.error(
        keyPos,
        'invalid-variable-name',
        `'${name}' is not a variable name`,
        `variable names are upper case letters, digits and _, e.g. ${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`,
      );
      continue;
    }
    if (RESERVED.has(name)) {
      sink.error(
        keyPos,
        'reserved-variable',
        `'${name}' is provided by the run or a target and cannot be declared`,
        `pick another name; {{${name}}} is already available where its target provides it`,
      );
      continue;
    }
    // An invalid declaration still declares its name, so lint does not report every use of it too.
    if (!entry.success) {
      vars.push({ name, secret: false, source: keyPos });
      continue;
    }
    const spec: VarSpec = toVarSpec(name, entry.data, keyPos);
    if (spec.targets && lessonTargets) checkListed(spec.targets, lessonTargets, [...base, name, 'targets'], yaml, sink);
    if (spec.default !== undefined && spec.pattern !== undefined && !new RegExp(spec.pattern).test(spec.default)) {
      sink.error(
        yaml.valuePos([...base, name, 'default']),
        'invalid-vars',
        `the default '${spec.default}' does not match the pattern /${spec.pattern}/`,
        'change the default or the pattern so they agree',
      );
    }
    vars.push(spec);
  }
  return vars;
}

function toVarSpec(
  name: string,
  value: z.output<typeof varObjectSchema> | string | number | boolean | null,
  source: VarSpec['source'],
): VarSpec {
  if (value === null) return { name, secret: false, source };
  if (typeof value !== 'object') return { name, default: String(value), secret: false, source };
  return {
    name,
    ...(value.prompt !== undefined ? { prompt: value.prompt } : {}),
    ...(value.default !== undefined ? { default: value.default } : {}),
    secret: value.secret ?? false,
    ...(value.pattern !== undefined ? { pattern: value.pattern } : {}),
    ...(value.hint !== undefined ? { hint: value.hint } : {}),
    ...(value.targets ? { targets: value.targets } : {}),
    source,
  };
}

function checkListed(
  targets: readonly TargetName[],
  lessonTargets: readonly TargetName[],
  path: YamlPath,
  yaml: YamlSource,
  sink: DiagnosticSink,
): void {
  targets.forEach((target, index) => {
    if (!lessonTargets.includes(target)) {
      sink.error(
        yaml.valuePos([...path, index]),
        'target-not-listed',
        `target '${target}' is not one of the lesson's targets`,
        `add ${target} to the front matter's targets, or use one of ${lessonTargets.join(', ')}`,
      );
    }
  });
}
