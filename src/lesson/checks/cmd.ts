import * as z from 'zod';
import { expectationSchema, toExpectation } from '../expectation.js';
import { durationSchema, eventuallySchema, textSchema } from '../schema-common.js';
import type { CommandCheckSpec } from '../types.js';
import type { CheckRead } from './http.js';
import { lintJsonPath } from './json-paths.js';
import { validateCheck, type CheckReader } from './read-check.js';

const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

export const commandCheckSchema = z.strictObject({
  name: z.string().optional(),
  // `run: true` is a command too; YAML reads it as a boolean.
  run: textSchema.pipe(z.string().min(1)),
  exit: z.int().min(0).max(255).optional(),
  stdout: expectationSchema('one-of').optional(),
  stderr: expectationSchema('one-of').optional(),
  lines: expectationSchema('one-of').optional(),
  json: z.record(z.string(), expectationSchema('equals')).optional(),
  timeout: durationSchema.optional(),
  eventually: eventuallySchema.optional(),
});

/** A command check (` ```check cmd `). */
export function readCommandCheck(reader: CheckReader): CheckRead<CommandCheckSpec> {
  const input = validateCheck(commandCheckSchema, reader, 'command check');
  if (!input) return { defines: [] };
  const errorsBefore = reader.sink.errorCount;
  for (const path of Object.keys(input.json ?? {})) lintJsonPath(reader, path, { key: ['json', path] });
  if (reader.sink.errorCount > errorsBefore) return { defines: [] };
  const spec: CommandCheckSpec = {
    kind: 'cmd',
    command: input.run,
    exit: input.exit ?? 0,
    ...(input.stdout !== undefined ? { stdout: toExpectation(input.stdout, 'one-of', reader.at(['stdout'])) } : {}),
    ...(input.stderr !== undefined ? { stderr: toExpectation(input.stderr, 'one-of', reader.at(['stderr'])) } : {}),
    ...(input.lines !== undefined ? { lines: toExpectation(input.lines, 'one-of', reader.at(['lines'])) } : {}),
    ...(input.json
      ? {
          json: Object.fromEntries(
            Object.entries(input.json).map(([path, value]) => [
              path,
              toExpectation(value, 'equals', reader.at(['json', path])),
            ]),
          ),
        }
      : {}),
    timeoutMs: input.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS,
    ...(input.eventually ? { eventually: input.eventually } : {}),
  };
  return { spec, name: input.name ?? commandCheckName(input.run, spec.exit), defines: [] };
}

function commandCheckName(command: string, exit: number): string {
  const first = command.trim().split('\n')[0]!;
  const short = first.length > 60 ? `${first.slice(0, 59)}…` : first;
  return exit === 0 ? short : `${short} (exit ${exit})`;
}
