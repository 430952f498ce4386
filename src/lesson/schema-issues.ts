import * as z from 'zod';
import type { DiagnosticSink } from './diagnostics.js';
import { didYouMean, listWords } from './suggest.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/** How schema problems in one piece of YAML are reported. */
export interface IssueContext {
  readonly yaml: YamlSource;
  /** The schema the issues came from, to list the keys a map takes. */
  readonly schema: Schema;
  /** Where that schema's value sits in the YAML (for front matter fields parsed one by one). */
  readonly basePath?: YamlPath;
  /** Diagnostic code for plain schema problems, e.g. `invalid-check`. */
  readonly code: string;
  /** What the YAML is, for messages: "check", "front matter", "vars block". */
  readonly subject: string;
}

/** Parameters a schema attaches to a custom issue, so it becomes a diagnostic with its own code. */
export interface IssueParams {
  readonly code?: string;
  readonly hint?: string;
  /** The message names the value itself, so it needs no `path:` prefix. */
  readonly standalone?: boolean;
}

/** Reports every issue of a failed `safeParse` at the YAML key or value it concerns. */
export function reportIssues(issues: readonly Issue[], context: IssueContext, sink: DiagnosticSink): void {
  for (const issue of issues) reportIssue(issue, [], context, sink);
}

function reportIssue(issue: Issue, prefix: YamlPath, context: IssueContext, sink: DiagnosticSink): void {
  const path = [...prefix, ...(issue.path as PropertyKey[])];
  const full = [...(context.basePath ?? []), ...path];
  const { yaml } = context;
  const name = full.length ? `'${describePath(full)}'` : `the ${context.subject}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = objectKeysAt(context.schema, path);
      for (const key of issue.keys) {
        const where = full.length ? `'${describePath(full)}'` : `the ${context.subject}`;
        sink.error(
          yaml.keyPos([...full, key]),
          'unknown-key',
          `unknown key '${key}' in ${where}`,
          `${didYouMean(key, known)}${capitalize(where)} takes ${listWords(
            known.map((k) => `'${k}'`),
            'or',
          )}`,
        );
      }
      return;
    }
    case 'invalid_union':
      for (const branchIssue of bestBranch(issue.errors)) reportIssue(branchIssue, path, context, sink);
      return;
    case 'invalid_type': {
      const actual = valueAt(yaml.value, full);
      if (actual === undefined) {
        const key = String(full[full.length - 1]);
        const parent = full.length > 1 ? `'${describePath(full.slice(0, -1))}'` : `the ${context.subject}`;
        sink.error(
          yaml.valuePos(full),
          context.code,
          `missing '${key}' in ${parent}`,
          `add '${key}:' (${expectedText(issue.expected)})`,
        );
        return;
      }
      const written = yaml.sourceOf(full) ?? '';
      const hint = written.startsWith('{{')
        ? `a value that starts with {{ must be quoted in YAML: "${written}"`
        : `write ${expectedText(issue.expected)} here`;
      sink.error(
        yaml.valuePos(full),
        context.code,
        `${name} must be ${expectedText(issue.expected)}, not ${describeValue(actual)}`,
        hint,
      );
      return;
    }
    case 'invalid_value': {
      const actual = valueAt(yaml.value, full);
      const options = issue.values.map(String);
      sink.error(
        yaml.valuePos(full),
        context.code,
        `${name} cannot be ${describeValue(actual)}`,
        `${didYouMean(String(actual), options)}Use ${listWords(
          options.map((o) => `'${o}'`),
          'or',
        )}`,
      );
      return;
    }
    case 'custom': {
      const params = (issue.params ?? {}) as IssueParams;
      sink.error(
        yaml.valuePos(full),
        params.code ?? context.code,
        full.length && !params.standalone ? `${describePath(full)}: ${issue.message}` : issue.message,
        params.hint ?? 'see docs/lesson-format.md',
      );
      return;
    }
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what =
        issue.origin === 'array'
          ? `${limit} ${Number(limit) === 1 ? 'item' : 'items'}`
          : issue.origin === 'string'
            ? `${limit} ${Number(limit) === 1 ? 'character' : 'characters'}`
            : String(limit);
      const bound = issue.code === 'too_small' ? 'at least' : 'at most';
      sink.error(
        yaml.valuePos(full),
        context.code,
        `${name} must have ${bound} ${what}`
          .replace('have at least 1 character', 'not be empty')
          .replace(/must have (at (?:least|most) -?\d+(?:\.\d+)?)$/, 'must be $1'),
        issue.origin === 'string'
          ? 'write the text here'
          : issue.origin === 'array'
            ? `list ${bound} ${what}`
            : `use a number ${bound} ${limit}`,
      );
      return;
    }
    default:
      sink.error(
        yaml.valuePos(full),
        context.code,
        full.length ? `${describePath(full)}: ${lowerFirst(issue.message)}` : issue.message,
        'see docs/lesson-format.md',
      );
  }
}

/**
 * A union failed: report the branch the author evidently meant, i.e. the one whose type matched
 * (an object for the object form), rather than "invalid input" for every branch.
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  const typeMatched = branches.filter((issues) => !issues.some(isRootTypeMismatch));
  if (typeMatched.length > 0) return [...typeMatched].sort((a, b) => a.length - b.length)[0]!;
  const expected = [...new Set(branches.flatMap((issues) => issues.flatMap(expectedTypes)))];
  return [{ code: 'invalid_type', expected: expected.join('|'), path: [], message: '' } as unknown as Issue];
}

function isRootTypeMismatch(issue: Issue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && issue.errors.every((branch) => branch.some(isRootTypeMismatch));
}

function expectedTypes(issue: Issue): string[] {
  if (issue.path.length > 0) return [];
  if (issue.code === 'invalid_type') return issue.expected.split('|');
  if (issue.code === 'invalid_union') return issue.errors.flatMap((branch) => branch.flatMap(expectedTypes));
  return [];
}

/** The keys an object schema at `path` accepts; unions contribute all their object members' keys. */
function objectKeysAt(schema: Schema, path: YamlPath): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path)) for (const key of objectKeys(candidate)) keys.add(key);
  return [...keys];
}

function schemasAt(schema: Schema, path: YamlPath): Schema[] {
  let current = [schema];
  for (const key of path) current = current.flatMap((candidate) => child(candidate, key));
  return current;
}

function child(schema: Schema, key: PropertyKey): Schema[] {
  const inner = unwrap(schema);
  if (inner instanceof z.core.$ZodObject) {
    const field = inner._zod.def.shape[String(key)];
    return field ? [field] : [];
  }
  if (inner instanceof z.core.$ZodRecord) return [inner._zod.def.valueType];
  if (inner instanceof z.core.$ZodArray) return [inner._zod.def.element];
  if (inner instanceof z.core.$ZodUnion) return inner._zod.def.options.flatMap((option) => child(option, key));
  return [];
}

function objectKeys(schema: Schema): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.core.$ZodObject) return Object.keys(inner._zod.def.shape);
  if (inner instanceof z.core.$ZodUnion) return inner._zod.def.options.flatMap(objectKeys);
  return [];
}

/** Sees through optional, default and pipe (transform) wrappers. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.core.$ZodOptional ||
      current instanceof z.core.$ZodNullable ||
      current instanceof z.core.$ZodDefault ||
      current instanceof z.core.$ZodPrefault ||
      current instanceof z.core.$ZodReadonly ||
      current instanceof z.core.$ZodNonOptional ||
      current instanceof z.core.$ZodCatch
    )
      current = current._zod.def.innerType;
    else if (current instanceof z.core.$ZodPipe) current = current._zod.def.in;
    else if (current instanceof z.core.$ZodLazy) current = current._zod.def.getter();
    else return current;
  }
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

/** `expect.headers.Retry-After`, `series.status[2]`. */
function describePath(path: YamlPath): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'a map';
    default:
      return typeof value;
  }
}

function expectedText(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'a map (key: value lines)',
    array: 'a list',
    record: 'a map (key: value lines)',
    null: 'null',
  };
  return listWords(
    expected.split('|').map((type) => words[type] ?? type),
    'or',
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
