import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/**
 * The shared corpus lives beside the repository, in ../shared (never copied into it). In a git
 * worktree the repository root's parent is the worktrees folder, so the main checkout's parent
 * is tried too; KONG_WORKSHOP_SHARED overrides both.
 */
function findShared(): string | undefined {
  const candidates = [process.env.KONG_WORKSHOP_SHARED, resolve(repoRoot, '..', 'shared')];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    candidates.push(resolve(dirname(dirname(common)), 'shared'));
  } catch {
    // Not a git checkout (an unpacked tarball): only the first two places apply.
  }
  return candidates.find((c): c is string => c !== undefined && existsSync(join(c, 'corpus')));
}

export const sharedDir = findShared();
export const corpusDir = sharedDir ? join(sharedDir, 'corpus') : undefined;
export const skipReason =
  'the shared corpus (../shared/corpus) is absent: set KONG_WORKSHOP_SHARED to the folder that holds corpus/';
