import type { DraftBlock, VariableRef } from './draft.js';
import { bodyOffsetPos, bodyPos, type Fence } from './fence.js';
import { variableReferences } from './interpolate.js';
import { isPlaceholderName, PLACEHOLDER_NAMES, placeholderRefs } from './output-pattern.js';
import type { BlockContext } from './blocks.js';
import { didYouMean } from './suggest.js';
import type { Block, ExpectedField, OutputMatch } from './types.js';
import { YamlSource } from './yaml-source.js';

/**
 * An `output match=…` block: the output it expects, checked where it is written (placeholders,
 * variables, and for `fields` the YAML or JSON it names), so a mistake is a lint error with its
 * position rather than a surprise when the step runs.
 */
export function readOutputBlock(
  match: OutputMatch,
  planOk: boolean,
  fence: Fence,
  base: Pick<Block, 'id' | 'targets' | 'source'>,
  context: BlockContext,
): Partial<DraftBlock> {
  const { source, sink } = context;
  const before = sink.errorCount;
  const body = fence.body;
  if (body.trim() === '') {
    sink.error(
      base.source,
      'invalid-output',
      `an output block with match=${match} is empty`,
      'write the output the command prints, or drop match= to show nothing to compare',
    );
  }
  for (const ref of placeholderRefs(body)) {
    const at = bodyOffsetPos(source, fence, ref.index);
    if (!ref.known)
      sink.error(
        at,
        'unknown-placeholder',
        `{{${ref.name}}} is not a placeholder`,
        `${didYouMean(ref.name, PLACEHOLDER_NAMES)}placeholders are ${PLACEHOLDER_NAMES.map((n) => `{{${n}}}`).join(', ')}`,
      );
    else if (match === 'exact')
      sink.error(
        at,
        'placeholder-in-exact',
        `{{${ref.name}}} is a placeholder, but match=exact compares the text as written`,
        'write match=pattern to let placeholders stand for what differs on every run',
      );
  }
  const refs: VariableRef[] = variableReferences(body)
    .filter((ref) => !isPlaceholderName(ref.name))
    .map((ref) => ({ name: ref.name, pos: bodyOffsetPos(source, fence, ref.index) }));
  const lines = body.split('\n').map((_, i) => bodyPos(source, fence, i, 0));
  const fields = match === 'fields' ? readFields(fence, context) : [];
  const ok = planOk && sink.errorCount === before;
  const block: Block = {
    type: 'display',
    ...base,
    lang: 'text',
    code: body,
    role: 'output',
    expect: { match, text: body, lines, fields },
  };
  return { refs, expectsOutput: true, ...(ok ? { block } : {}) };
}

/** The leaves of a `fields` block, each with where it is written. */
function readFields(fence: Fence, context: BlockContext): ExpectedField[] {
  const { source, sink } = context;
  const yaml = YamlSource.parse(
    fence.body,
    (line, column) => bodyPos(source, fence, line, column),
    source.at(fence.fenceStart),
    sink,
  );
  if (!yaml.ok) return [];
  if (yaml.value === null || typeof yaml.value !== 'object') {
    sink.error(
      bodyPos(source, fence, 0, 0),
      'invalid-output',
      'an output block with match=fields holds a JSON or YAML object or list',
      'paste the JSON the command prints, or use match=pattern for text',
    );
    return [];
  }
  const fields: ExpectedField[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      fields.push({ path, expect: { length: value.length }, source: yaml.valuePos(path) });
      value.forEach((item, index) => {
        walk(item, [...path, index]);
      });
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
      return;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      fields.push({ path, expect: { value }, source: yaml.valuePos(path) });
      return;
    }
    sink.error(
      yaml.valuePos(path),
      'invalid-output',
      'this value is not JSON (a string, number, true, false or null)',
      'quote it',
    );
  };
  walk(yaml.value, []);
  return fields;
}
