import { closest } from '../suggest.js';
import { FLAG_TABLES, type FlagList } from './flag-tables.js';
import type { SimpleCommand, Word } from './shell-words.js';

export type CheckedTool = keyof typeof FLAG_TABLES;

interface Flags {
  readonly long: ReadonlySet<string>;
  /** Shorthand letter → long name. */
  readonly short: ReadonlyMap<string, string>;
  readonly sources: readonly string[];
}

interface ToolTable {
  readonly repo: string;
  readonly tag: string;
  readonly global: Flags;
  readonly commands: ReadonlyMap<string, Flags>;
}

function readList(list: FlagList): Flags {
  const long = new Set<string>();
  const short = new Map<string, string>();
  for (const entry of list.flags.split(' ').filter(Boolean)) {
    const [name = '', letter] = entry.split(':');
    long.add(name);
    if (letter) short.set(letter, name);
  }
  return { long, short, sources: list.sources };
}

const TABLES: ReadonlyMap<string, ToolTable> = new Map(
  Object.entries(FLAG_TABLES).map(([tool, table]) => [
    tool,
    {
      repo: table.repo,
      tag: table.tag,
      global: readList(table.global),
      commands: new Map(Object.entries(table.commands).map(([path, list]) => [path, readList(list)])),
    },
  ]),
);

function isCheckedTool(name: string): name is CheckedTool {
  return TABLES.has(name);
}

/** One flag as written: `--name`, `--name=value`, `-n` or `-nvalue`, with the word after it. */
export interface FlagUse {
  readonly word: Word;
  /** The long name (a shorthand is translated when the table knows it). */
  readonly name: string;
  /** As written, without dashes or value: `konnect-adr`, `n`. */
  readonly written: string;
  readonly isShort: boolean;
  /** `--name=value`'s value, or the next word when it does not start with `-`. */
  readonly value?: { readonly text: string; readonly variable?: string; readonly start: number };
}

/** A call of deck, kongctl, kubectl or helm, read against that tool's flag table. */
export interface Invocation {
  readonly tool: CheckedTool;
  readonly command: SimpleCommand;
  /** The table's command this call is (`gateway sync`), when the table lists it. */
  readonly path?: string;
  /** The non-flag words after the tool's name, for when the table does not know the command. */
  readonly positional: readonly string[];
  readonly flags: readonly FlagUse[];
}

const ASSIGNED_VARIABLE = /^(?:"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?|["']?\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}["']?)$/;

/** Reads a simple command as a call of a checked tool; undefined for any other command. */
export function invocationOf(command: SimpleCommand): Invocation | undefined {
  const [first, ...rest] = command.words;
  if (!first || !isCheckedTool(first.text)) return undefined;
  const table = TABLES.get(first.text);
  if (!table) return undefined;
  const flags: FlagUse[] = [];
  const positional: string[] = [];
  for (const [i, word] of rest.entries()) {
    if (word.text === '--') break;
    if (!word.text.startsWith('-') || word.text === '-' || /^-\d/.test(word.text)) {
      positional.push(word.text);
      continue;
    }
    const isShort = !word.text.startsWith('--');
    const body = word.text.slice(isShort ? 1 : 2);
    const eq = isShort ? -1 : body.indexOf('=');
    const written = isShort ? body.slice(0, 1) : eq === -1 ? body : body.slice(0, eq);
    let value: FlagUse['value'];
    if (eq !== -1) {
      const text = body.slice(eq + 1);
      const match = ASSIGNED_VARIABLE.exec(text);
      const variable = match?.[1] ?? match?.[2];
      value = { text, start: word.start + word.raw.indexOf('=') + 1, ...(variable ? { variable } : {}) };
    } else if (isShort && body.length > 1) {
      value = { text: body.slice(1), start: word.start + 2 };
    } else {
      const next = rest[i + 1];
      // A flag's value or the next argument: without the flag's type it cannot be told apart,
      // so it is taken as the value and also looked at as an argument.
      if (next && !next.text.startsWith('-'))
        value = { text: next.text, start: next.start, ...(next.variable ? { variable: next.variable } : {}) };
    }
    flags.push({
      word,
      written,
      isShort,
      name: isShort ? (shortName(table, written) ?? written) : written,
      ...(value ? { value } : {}),
    });
  }
  const path = commandPath(table, positional);
  return { tool: first.text, command, positional, flags, ...(path ? { path } : {}) };
}

function shortName(table: ToolTable, letter: string): string | undefined {
  if (table.global.short.has(letter)) return table.global.short.get(letter);
  for (const flags of table.commands.values()) if (flags.short.has(letter)) return flags.short.get(letter);
  return undefined;
}

/**
 * The longest command of the table that the positional words spell, from any position (a global flag's value may come
 * first).
 */
function commandPath(table: ToolTable, positional: readonly string[]): string | undefined {
  for (let from = 0; from < positional.length; from++) {
    let best: string | undefined;
    for (let to = from + 1; to <= positional.length; to++) {
      const candidate = positional.slice(from, to).join(' ');
      if (table.commands.has(candidate)) best = candidate;
    }
    if (best) return best;
  }
  return undefined;
}

/** A flag the tool does not define for this command, with what it might have meant. */
export interface UnknownFlag {
  readonly flag: FlagUse;
  readonly suggestion?: string;
  /** "Kong/deck v1.65.1 (cmd/gateway_sync.go, cmd/root.go)". */
  readonly source: string;
}

/** The flags of a call that its command does not have; nothing when the command is not in the table. */
export function unknownFlags(invocation: Invocation): UnknownFlag[] {
  const table = TABLES.get(invocation.tool);
  if (!table || !invocation.path) return [];
  const own = table.commands.get(invocation.path);
  if (!own) return [];
  // The command's own files say where to look; the global ones are the same for every command.
  const files = own.sources.length > 3 ? [...own.sources.slice(0, 3), `${own.sources.length - 3} more`] : own.sources;
  const source = `${table.repo} ${table.tag} (${files.join(', ')}; global flags: ${table.global.sources.join(', ')})`;
  const out: UnknownFlag[] = [];
  for (const flag of invocation.flags) {
    const known = flag.isShort
      ? own.short.has(flag.written) || table.global.short.has(flag.written)
      : own.long.has(flag.written) || table.global.long.has(flag.written);
    if (known) continue;
    const candidates = flag.isShort
      ? [...own.short.keys(), ...table.global.short.keys()]
      : [...own.long, ...table.global.long];
    const suggestion = flag.isShort ? undefined : closest(flag.written, candidates);
    out.push({ flag, source, ...(suggestion ? { suggestion } : {}) });
  }
  return out;
}
