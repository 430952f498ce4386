import { z } from 'zod';

/**
 * The two shapes that cross a boundary: what a learner's workshop sends (parsed once, where a
 * request body enters the server) and what the server appends to its event log (parsed once,
 * when the log is read back). Everything after these parsers works on typed values.
 */

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);

export const STEP_STATUSES = ['running', 'passed', 'failed', 'error', 'skipped', 'cancelled'] as const;
export type ClassStepStatus = (typeof STEP_STATUSES)[number];

const lessonEvent = z.object({
  id,
  at: z.number().finite(),
  type: z.literal('lesson'),
  lessonId: id,
  title: text(200),
  steps: z.array(z.object({ id, title: text(200) })).max(200),
});

const stepEvent = z.object({
  id,
  at: z.number().finite(),
  type: z.literal('step'),
  lessonId: id,
  stepId: id,
  status: z.enum(STEP_STATUSES),
  /** The failing check's name, and its first failing expectation in words. */
  check: text(200).optional(),
  expectation: text(300).optional(),
  timeOnStepMs: z
    .number()
    .min(0)
    .max(7 * 24 * 3600_000),
});

const handEvent = z.object({ id, at: z.number().finite(), type: z.literal('hand'), up: z.boolean() });

export const learnerEventSchema = z.discriminatedUnion('type', [lessonEvent, stepEvent, handEvent]);
export type LearnerEvent = z.infer<typeof learnerEventSchema>;
export type LessonEvent = z.infer<typeof lessonEvent>;
export type StepEvent = z.infer<typeof stepEvent>;

export const MAX_EVENTS_PER_REQUEST = 200;
export const eventBatchSchema = z.object({ events: z.array(learnerEventSchema).max(MAX_EVENTS_PER_REQUEST) });
export const joinRequestSchema = z.object({ name: z.string().max(200) });
export const broadcastSchema = z.object({ text: z.string().max(500) });
export const paceSchema = z.object({ lessonId: id.nullable(), step: z.number().int().min(0).max(1000).nullable() });
export const timeboxSchema = z.object({
  lessonId: id,
  minutes: z
    .number()
    .positive()
    .max(24 * 60)
    .nullable(),
});

export const logRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('joined'), at: z.number(), learner: id, name: z.string(), keyHash: z.string() }),
  z.object({ kind: z.literal('learner'), at: z.number(), learner: id, event: learnerEventSchema }),
  z.object({ kind: z.literal('broadcast'), at: z.number(), text: z.string() }),
  z.object({ kind: z.literal('pace'), at: z.number(), lessonId: id.nullable(), step: z.number().int().nullable() }),
  z.object({ kind: z.literal('timebox'), at: z.number(), lessonId: id, endsAt: z.number().nullable() }),
]);
export type LogRecord = z.infer<typeof logRecordSchema>;

/** The class's settings, written once by `class start` (mode 0600: it holds the secrets). */
export const classConfigSchema = z.object({
  version: z.literal(1),
  id,
  name: z.string(),
  createdAt: z.number(),
  joinCode: z.string(),
  instructorToken: z.string(),
  stuckMinutes: z.number().positive(),
});
export type ClassConfig = z.infer<typeof classConfigSchema>;
