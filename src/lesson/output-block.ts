import type { DraftBlock, VariableRef } from './draft.js';
import { bodyOffsetPos, bodyPos, type Fence } from './fence.js';
import { variableReferences } from './interpolate.js';
import { isPlaceholderName, PLACEHOLDER_NAMES, placeholderRefs } from './output-pattern.js';
import type { BlockContext } from './blocks.js';
import { didYouMean } from './suggest.js';
import type { Block, ExpectedField, OutputMatch, ResponseOutput } from './types.js';
import { YamlSource } from './yaml-source.js';

const PLACEHOLDER_LIST = PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(', ');

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
        `${didYouMean(ref.name, PLACEHOLDER_NAMES)}placeholders are ${PLACEHOLDER_LIST}`,
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
  const read = match === 'response' ? readResponse(fence, context) : undefined;
  const fields = match === 'fields' ? readFields(fence, context, fence.body, 0) : (read?.fields ?? []);
  const ok = planOk && sink.errorCount === before;
  const block: Block = {
    type: 'display',
    ...base,
    lang: 'text',
    code: body,
    role: 'output',
    expect: { match, text: body, lines, fields, ...(read?.response ? { response: read.response } : {}) },
  };
  return { refs, expectsOutput: true, ...(ok ? { block } : {}) };
}

const STATUS_LINE = /^HTTP\/[\d.]+\s+(\d{3})\b/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*)$/;

/**
 * A `match=response` block as `curl -i` prints a response: the status line, header lines, and
 * after a blank line the body (JSON compared by fields, text by pattern, none: not compared).
 */
function readResponse(
  fence: Fence,
  context: BlockContext,
): { response?: ResponseOutput; fields: ExpectedField[] } | undefined {
  const { source, sink } = context;
  const lines = fence.body.split('\n').map((line) => line.replace(/\r$/, '').trimEnd());
  const status = STATUS_LINE.exec(lines[0] ?? '');
  if (!status) {
    sink.error(
      bodyPos(source, fence, 0, 0),
      'invalid-output',
      'an output block with match=response starts with the status line',
      'paste what curl -i prints: HTTP/1.1 401 Unauthorized, the headers to compare, a blank line and the body',
    );
    return undefined;
  }
  const headers: ResponseOutput['headers'][number][] = [];
  let i = 1;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const header = HEADER_LINE.exec(lines[i] ?? '');
    if (header) headers.push({ name: header[1] ?? '', value: header[2] ?? '', source: bodyPos(source, fence, i, 0) });
    else
      sink.error(
        bodyPos(source, fence, i, 0),
        'invalid-output',
        `'${lines[i]}' is not a header line`,
        'write Name: value, one header a line, and a blank line before the body',
      );
  }
  const bodyStart = i + 1;
  const bodyText = lines.slice(bodyStart).join('\n').replace(/\n+$/, '');
  const response = { status: Number(status[1]), statusSource: bodyPos(source, fence, 0, 0), headers };
  if (bodyText.trim() === '') return { response, fields: [] };
  const bodyLines = lines.slice(bodyStart).map((_, k) => bodyPos(source, fence, bodyStart + k, 0));
  if (/^\s*[[{]/.test(bodyText)) {
    const fields = readFields(fence, context, bodyText, bodyStart);
    return { response: { ...response, body: { match: 'fields', text: bodyText, lines: bodyLines } }, fields };
  }
  return { response: { ...response, body: { match: 'pattern', text: bodyText, lines: bodyLines } }, fields: [] };
}

/** The leaves of a `fields` block (or of a response JSON body from line `firstLine`), each where it is written. */
function readFields(fence: Fence, context: BlockContext, text: string, firstLine: number): ExpectedField[] {
  const { source, sink } = context;
  const yaml = YamlSource.parse(
    text,
    (line, column) => bodyPos(source, fence, line + firstLine, column),
    source.at(fence.fenceStart),
    sink,
  );
  if (!yaml.ok) return [];
  if (yaml.value === null || typeof yaml.value !== 'object') {
    sink.error(
      bodyPos(source, fence, firstLine, 0),
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
