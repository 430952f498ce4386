import { isDeepStrictEqual } from 'node:util';
import type { JsonPath, Operand, Segment, Test } from './parse.js';

/** Every value the path selects, in document order. */
export function selectJsonPath(document: unknown, path: JsonPath): unknown[] {
  return walk(path.segments, [document], document);
}

/**
 * What an expectation compares. A definite path (`$.data[0].id`) gives its value, or undefined
 * when it is missing; any other path (wildcards, slices, filters, `..`) gives the list of what it
 * selected, possibly empty, as Hurl does, so `count` and `equals: [...]` read naturally.
 */
export function readJsonPath(document: unknown, path: JsonPath): unknown {
  const values = selectJsonPath(document, path);
  return path.definite ? values[0] : values;
}

function walk(segments: readonly Segment[], nodes: unknown[], root: unknown): unknown[] {
  let current = nodes;
  for (const segment of segments) current = current.flatMap((node) => step(segment, node, root));
  return current;
}

function step(segment: Segment, node: unknown, root: unknown): unknown[] {
  switch (segment.type) {
    case 'field':
      if (Array.isArray(node)) return /^\d+$/.test(segment.name) ? at(node, Number(segment.name)) : [];
      return isRecord(node) && Object.hasOwn(node, segment.name) ? [node[segment.name]] : [];
    case 'index':
      return Array.isArray(node) ? at(node, segment.index) : [];
    case 'wildcard':
      return children(node);
    case 'slice':
      return Array.isArray(node) ? slice(node, segment) : [];
    case 'descendants': {
      const all = descendants(node);
      const { name } = segment;
      return name === undefined ? all.flatMap(children) : all.flatMap((n) => step({ type: 'field', name }, n, root));
    }
    case 'filter':
      return children(node).filter((item) => holds(segment.test, item, root));
  }
}

function at(array: readonly unknown[], index: number): unknown[] {
  const i = index < 0 ? array.length + index : index;
  return i >= 0 && i < array.length ? [array[i]] : [];
}

function slice(array: readonly unknown[], segment: Extract<Segment, { type: 'slice' }>): unknown[] {
  const clamp = (n: number) => Math.min(Math.max(n < 0 ? array.length + n : n, 0), array.length);
  const out: unknown[] = [];
  for (let i = clamp(segment.start ?? 0); i < clamp(segment.end ?? array.length); i += segment.step) out.push(array[i]);
  return out;
}

function holds(test: Test, item: unknown, root: unknown): boolean {
  switch (test.kind) {
    case 'and':
      return test.tests.every((t) => holds(t, item, root));
    case 'or':
      return test.tests.some((t) => holds(t, item, root));
    case 'exists': {
      const found = operand(test.path, item, root).length > 0;
      return test.negated ? !found : found;
    }
    case 'compare': {
      const left = operand(test.left, item, root)[0];
      const right = operand(test.right, item, root)[0];
      if (test.op === '==') return same(left, right);
      if (test.op === '!=') return !same(left, right);
      const ordered =
        (typeof left === 'number' && typeof right === 'number') ||
        (typeof left === 'string' && typeof right === 'string');
      if (!ordered) return false;
      if (test.op === '<') return left < right;
      if (test.op === '<=') return left <= right;
      if (test.op === '>') return left > right;
      return left >= right;
    }
  }
}

function same(left: unknown, right: unknown): boolean {
  return isDeepStrictEqual(left, right);
}

function operand(value: Operand, item: unknown, root: unknown): unknown[] {
  if (value.kind === 'literal') return [value.value];
  return walk(value.segments, [value.root === '@' ? item : root], root);
}

function children(node: unknown): unknown[] {
  return Array.isArray(node) ? node : isRecord(node) ? Object.values(node) : [];
}

function descendants(node: unknown): unknown[] {
  const out: unknown[] = [node];
  for (const child of children(node)) out.push(...descendants(child));
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
