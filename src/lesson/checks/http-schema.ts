import * as z from 'zod';
import { expectationSchema, matcherObjectSchema } from '../expectation.js';
import { durationSchema, eventuallySchema, scalarSchema, textSchema } from '../schema-common.js';

const requestObjectSchema = z.strictObject({
  method: z.string().optional(),
  url: z.string(),
  headers: z.record(z.string(), textSchema).optional(),
  query: z.record(z.string(), textSchema).optional(),
  basicAuth: z.strictObject({ username: textSchema, password: textSchema }).optional(),
  json: z.unknown().optional(),
  form: z.record(z.string(), textSchema).optional(),
  multipart: z
    .record(
      z.string(),
      z.union([
        textSchema,
        z.strictObject({ filename: z.string(), content: z.string(), contentType: z.string().optional() }),
      ]),
    )
    .optional(),
  body: z.string().optional(),
  timeout: durationSchema.optional(),
});

export type RequestObject = z.output<typeof requestObjectSchema>;

export const responseExpectationsSchema = z.strictObject({
  status: expectationSchema('one-of').optional(),
  headers: z.record(z.string(), expectationSchema('one-of')).optional(),
  json: z.record(z.string(), expectationSchema('equals')).optional(),
  body: expectationSchema('one-of').optional(),
  duration: durationSchema.optional(),
});

export type ResponseExpectationsInput = z.output<typeof responseExpectationsSchema>;

/** One entry per response; a text entry such as `200 x5` stands for five. */
const seriesListSchema = z.array(z.union([scalarSchema, matcherObjectSchema]));

export type SeriesListInput = z.output<typeof seriesListSchema>;

const seriesSchema = z.strictObject({
  status: seriesListSchema.optional(),
  headers: z.record(z.string(), seriesListSchema).optional(),
  json: z.record(z.string(), seriesListSchema).optional(),
});

const extractEntrySchema = z.union([
  z.string(),
  z.strictObject({ from: z.string(), regex: z.string().optional(), secret: z.boolean().optional() }),
]);

/** The HTTP check as written; normalised into HttpCheckSpec by http.ts. */
export const httpCheckSchema = z.strictObject({
  name: z.string().optional(),
  request: z.union([z.string(), requestObjectSchema]),
  repeat: z.int().min(1).max(1000).optional(),
  interval: durationSchema.optional(),
  expect: responseExpectationsSchema.optional(),
  series: seriesSchema.optional(),
  last: responseExpectationsSchema.optional(),
  extract: z.record(z.string(), extractEntrySchema).optional(),
  eventually: eventuallySchema.optional(),
  /** Requests until a refusal, a rate-limit counter one less each time: `countdown: RateLimit-Remaining`. */
  countdown: z
    .union([z.string(), z.strictObject({ header: z.string(), max: z.int().min(2).max(1000).optional() })])
    .optional(),
  /** Lesson id → what the response is once that later lesson has changed the gateway. */
  later: z.record(z.string(), responseExpectationsSchema).optional(),
});

export type HttpCheckInput = z.output<typeof httpCheckSchema>;
