import { dirname } from 'node:path';
import type { Lesson } from '../lesson/index.js';
import { Redactor } from '../secrets/index.js';

/** An absolute path of the presenter's machine and what the room sees instead. */
export interface StagePath {
  readonly path: string;
  /** What replaces the path; `rest` replaces it followed by `/` (`./` for the work folder). */
  readonly shown: string;
  readonly rest?: string;
}

export interface StagePathsInput {
  readonly lessons: readonly Lesson[];
  readonly workdirFor: (lesson: Lesson) => string;
  readonly fixturesDirFor: (lessonFile: string) => string;
  readonly home?: string;
  /** Where kong-workshop itself is installed (or cloned): named, never spelled out. */
  readonly packageRoot?: string;
  /** `KONG_WORKSHOP_HOME`, when set: the state and config folders (the sandbox's kubeconfig) are in it. */
  readonly workshopHome?: string;
}

/**
 * The paths the talk's commands and output would otherwise spell out, most specific first: each
 * lesson's work folder (the shell's working folder, so `./`), its fixtures as `$FIXTURES` and its
 * folder as `$LESSON_DIR` (both variables of the lesson's shell: a command typed that way runs the
 * same), the package as `<kong-workshop>`, `$KONG_WORKSHOP_HOME` by its name and HOME as `~`.
 */
export function stagePathsFor(input: StagePathsInput): StagePath[] {
  const paths: StagePath[] = [];
  for (const lesson of input.lessons) {
    paths.push({ path: input.workdirFor(lesson), shown: '.', rest: './' });
    paths.push({ path: input.fixturesDirFor(lesson.file), shown: '$FIXTURES' });
    paths.push({ path: dirname(lesson.file), shown: '$LESSON_DIR' });
  }
  if (input.packageRoot) paths.push({ path: input.packageRoot, shown: '<kong-workshop>' });
  if (input.workshopHome) paths.push({ path: input.workshopHome, shown: '$KONG_WORKSHOP_HOME' });
  if (input.home) paths.push({ path: input.home, shown: '~' });
  return paths;
}

/** Rewrites text so that none of `paths` appears: the first (most specific) one that matches wins. */
export function stagePathRewriter(paths: readonly StagePath[]): (text: string) => string {
  // A path of one segment (`/`, `/tmp`) is too broad to rewrite without mangling ordinary text.
  const usable = new Map<string, StagePath>();
  for (const entry of paths) {
    const path = entry.path.replace(/\/+$/, '');
    if (path.split('/').filter(Boolean).length >= 2 && !usable.has(path)) usable.set(path, entry);
  }
  if (usable.size === 0) return (text) => text;
  // Longest first, so a work folder under HOME is not cut at HOME.
  const ordered = [...usable.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(${ordered.map(escapeRegExp).join('|')})(/?)(?![\\w.-])`, 'g');
  // A recording passes every frame through here: a few plain searches rule out almost all of them.
  const roots = ordered.filter((path) => !ordered.some((other) => other !== path && path.startsWith(`${other}/`)));
  return (text) => {
    if (!roots.some((root) => text.includes(root))) return text;
    return text.replace(pattern, (_match, path: string, slash: string) => {
      const entry = usable.get(path);
      if (!entry) return path + slash;
      return slash && entry.rest !== undefined ? entry.rest : entry.shown + slash;
    });
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The talk's Redactor, which also keeps the presenter's machine off the screen and out of a
 * recording: commands are typed, and output shown, with the paths the audience would type. The
 * engine passes every event, and the typed command, through it once; nothing is rewritten per frame.
 */
export class StageRedactor extends Redactor {
  private readonly rewrite: (text: string) => string;

  constructor(paths: readonly StagePath[]) {
    super();
    this.rewrite = stagePathRewriter(paths);
  }

  override redact(text: string): string {
    return super.redact(this.rewrite(text));
  }

  override redactDeep<T>(value: T): T {
    return super.redactDeep(this.rewriteDeep(value));
  }

  private rewriteDeep<T>(value: T): T {
    return walk(value, this.rewrite) as T;
  }
}

function walk(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, rewrite));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, rewrite);
    return out;
  }
  return value;
}
