import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_CHARS_PER_SECOND, DemoError, parseFromSpec, type FromSpec } from '../../demo/index.js';
import { parseDuration } from '../../shared/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import type { TargetFlags } from '../lesson-options.js';

/** `kong-workshop demo` flags as commander gives them. */
export interface DemoFlags extends TargetFlags {
  speed?: string;
  reducedMotion?: boolean;
  autoAdvance?: string;
  from?: string;
  record?: string;
  replay?: string;
  reset?: boolean;
}

export interface DemoSettings {
  readonly charsPerSecond: number;
  readonly reducedMotion: boolean;
  readonly autoAdvanceMs?: number;
  readonly from?: FromSpec;
  readonly record?: string;
  readonly replay?: string;
  readonly reset: boolean;
}

const MAX_SPEED = 2000;

/** Checks the flags and how they combine; a bad one is a usage error with what to write instead. */
export function demoSettings(flags: DemoFlags, lessons: readonly string[]): DemoSettings {
  const usage = (message: string, hint: string) => new CliError(ExitCode.Usage, message, hint);
  if (flags.replay !== undefined) {
    const others = [
      lessons.length ? 'lessons' : '',
      flags.from && '--from',
      flags.record && '--record',
      flags.reset && '--reset',
      flags.autoAdvance && '--auto-advance',
    ].filter(Boolean);
    if (others.length)
      throw usage(
        `--replay plays a recording on its own; it does not take ${others.join(', ')}`,
        'kong-workshop demo --replay talk.cast',
      );
  }
  if (flags.reset) {
    const others = [flags.from && '--from', flags.record && '--record', flags.autoAdvance && '--auto-advance'].filter(
      Boolean,
    );
    if (others.length)
      throw usage(
        `--reset runs the lessons' clean-up and exits; it does not take ${others.join(', ')}`,
        'kong-workshop demo --reset lessons/',
      );
  }
  let charsPerSecond = DEFAULT_CHARS_PER_SECOND;
  if (flags.speed !== undefined) {
    charsPerSecond = Number(flags.speed);
    if (!Number.isFinite(charsPerSecond) || charsPerSecond <= 0 || charsPerSecond > MAX_SPEED) {
      throw usage(
        `--speed expects characters per second, from 1 to ${MAX_SPEED}; got '${flags.speed}'`,
        'for example --speed 25 (slow) or --speed 80 (brisk); --reduced-motion types instantly',
      );
    }
  }
  let autoAdvanceMs: number | undefined;
  if (flags.autoAdvance !== undefined) {
    autoAdvanceMs = parseDuration(flags.autoAdvance);
    if (autoAdvanceMs === undefined || autoAdvanceMs <= 0)
      throw usage(
        `--auto-advance expects a duration with a unit, got '${flags.autoAdvance}'`,
        'for example --auto-advance 8s',
      );
  }
  let from: FromSpec | undefined;
  if (flags.from !== undefined) {
    try {
      from = parseFromSpec(flags.from);
    } catch (error) {
      if (error instanceof DemoError) throw usage(error.message, error.hint);
      throw error;
    }
  }
  if (flags.record !== undefined) {
    const folder = dirname(resolve(flags.record));
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw usage(`--record: the folder ${folder} does not exist`, 'create it first, or record elsewhere');
  }
  return {
    charsPerSecond,
    reducedMotion: flags.reducedMotion === true,
    autoAdvanceMs,
    from,
    record: flags.record,
    replay: flags.replay,
    reset: flags.reset === true,
  };
}
