import type { ShellSession } from '../exec/index.js';
import type { Step } from '../lesson/index.js';

/** Set by bash itself, or by the session per command: never something a lesson exported. */
const NOT_EXPORTS = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'KONG_WORKSHOP_RUN']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The environment a command in the session sees now, read with `env -0` (values may hold newlines). */
export async function sessionEnvironment(shell: ShellSession): Promise<Map<string, string> | undefined> {
  const result = await shell.run('env -0', { timeoutMs: 10_000 });
  if (result.exitCode !== 0) return undefined;
  const env = new Map<string, string>();
  for (const entry of result.stdout.split('\0')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    const name = entry.slice(0, at);
    if (NAME.test(name) && !NOT_EXPORTS.has(name) && !name.startsWith('__KW_')) env.set(name, entry.slice(at + 1));
  }
  return env;
}

/**
 * What the lesson's commands exported, as the session stands now: every variable that is new or
 * changed since the session started. A later `unset` takes a name out again, so a re-check sees
 * the state the last step left, not a history of every export.
 */
export function exportedSince(
  baseline: ReadonlyMap<string, string>,
  now: ReadonlyMap<string, string>,
): Record<string, string> {
  const exported: Record<string, string> = {};
  for (const [name, value] of now) if (baseline.get(name) !== value) exported[name] = value;
  return exported;
}

/** The environment a session starts with, as its commands see it (the names bash sets left out). */
export function startingEnvironment(env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && NAME.test(name) && !NOT_EXPORTS.has(name) && !name.startsWith('__KW_'))
      out.set(name, value);
  return out;
}

/**
 * Whether a step's commands can change what the session exports: only then is it worth a bash to
 * read the environment back. `export`, `unset`, `declare`/`typeset`, and `source`/`.` (a sourced
 * file may export anything).
 */
export function mayExport(step: Step): boolean {
  return step.blocks.some(
    (block) => block.type === 'run' && /(^|[\s;&|(])(export|unset|declare|typeset|source|\.)\s/m.test(block.command),
  );
}
