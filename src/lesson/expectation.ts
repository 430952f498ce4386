import * as z from 'zod';
import { regexSchema, scalarSchema, textSchema } from './schema-common.js';
import type { Matcher, SourcePos, ValueExpectation } from './types.js';

/** The matcher map: `{ matches: ^kpat_, present: true }`. Every key given must hold. */
export const matcherObjectSchema: z.ZodType<MatcherObject, MatcherObjectInput> = z
  .strictObject({
    get not() {
      return z.union([scalarSchema, z.array(scalarSchema).min(1), matcherObjectSchema]).optional();
    },
    get count() {
      return z.union([z.int().min(0), matcherObjectSchema]).optional();
    },
    equals: z.unknown().optional(),
    matches: regexSchema.optional(),
    contains: textSchema.optional(),
    present: z.boolean().optional(),
    absent: z.boolean().optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    oneOf: z.array(z.unknown()).min(1).optional(),
  })
  .superRefine((value, ctx) => {
    if (Object.keys(value).length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'an empty matcher map checks nothing',
        params: {
          hint: 'give a value, or a map with equals, matches, contains, present, absent, exists, gt, gte, lt, lte, oneOf, not or count',
        },
      });
    }
  });

/** The matcher keys whose values read the same as written and as parsed. */
interface MatcherKeys<Pattern, Text, Self> {
  equals?: unknown;
  matches?: Pattern;
  contains?: Text;
  present?: boolean;
  absent?: boolean;
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  oneOf?: unknown[];
  not?: string | number | boolean | null | (string | number | boolean | null)[] | Self;
  count?: number | Self;
}

/** What a matcher map reads as (regular expressions split into pattern and flags). */
export interface MatcherObject extends MatcherKeys<{ pattern: string; flags: string }, string, MatcherObject> {}

/** A matcher map as written. */
export interface MatcherObjectInput extends MatcherKeys<string, string | number | boolean, MatcherObjectInput> {}

/**
 * An expected value. A plain value means equals; a map means matchers. What a plain list means
 * depends on the value: one of these (status, headers, text) or equals this list (JSON).
 */
export function expectationSchema(list: 'one-of' | 'equals') {
  return z.union([
    scalarSchema,
    list === 'one-of' ? z.array(scalarSchema).min(1) : z.array(z.unknown()),
    matcherObjectSchema,
  ]);
}

export type ExpectationInput = z.output<ReturnType<typeof expectationSchema>>;

/** Turns a validated expected value into matchers, remembering where it is written. */
export function toExpectation(
  input: ExpectationInput | MatcherObject,
  list: 'one-of' | 'equals',
  source: SourcePos,
): ValueExpectation {
  return { matchers: toMatchers(input, list), source };
}

function toMatchers(input: unknown, list: 'one-of' | 'equals'): Matcher[] {
  if (Array.isArray(input))
    return [list === 'one-of' ? { op: 'one-of', values: input } : { op: 'equals', value: input }];
  if (input === null || typeof input !== 'object') return [{ op: 'equals', value: input }];
  const m = input as MatcherObject;
  const matchers: Matcher[] = [];
  if ('equals' in m) matchers.push({ op: 'equals', value: m.equals });
  if (m.matches) matchers.push({ op: 'matches', pattern: m.matches.pattern, flags: m.matches.flags });
  if (m.contains !== undefined) matchers.push({ op: 'contains', value: m.contains });
  for (const flag of [m.present, m.exists, m.absent === undefined ? undefined : !m.absent]) {
    if (flag !== undefined) matchers.push({ op: flag ? 'present' : 'absent' });
  }
  if (m.gt !== undefined || m.gte !== undefined || m.lt !== undefined || m.lte !== undefined) {
    matchers.push({ op: 'compare', ...defined({ gt: m.gt, gte: m.gte, lt: m.lt, lte: m.lte }) });
  }
  if (m.oneOf) matchers.push({ op: 'one-of', values: m.oneOf });
  // `not: [a, b]` is "none of these", whatever a plain list means where it is written.
  if (m.not !== undefined) matchers.push({ op: 'not', matchers: toMatchers(m.not, 'one-of') });
  if (m.count !== undefined) matchers.push({ op: 'count', matchers: toMatchers(m.count, 'one-of') });
  return matchers;
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
