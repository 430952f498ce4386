import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A folder of fake executables (POSIX shell scripts using only builtins) to put alone on PATH,
 * so doctor sees exactly the tools a test wants, answering as the real ones do. `bash`, which
 * every target needs (doctor only looks for it), is there unless `withBash` is false.
 */
export function fakeBin(tools: Record<string, string>, { withBash = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kw-fake-bin-'));
  made.push(dir);
  for (const [name, body] of Object.entries({ ...(withBash ? { bash: 'exit 0' } : {}), ...tools })) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

/** What the real tools print for their version commands. */
export const REAL_OUTPUT = {
  kind: 'echo "kind v0.27.0 go1.23.6 linux/amd64"',
  kubectlOld:
    'echo \'{ "clientVersion": { "major": "1", "minor": "20", "gitVersion": "v1.20.2", "platform": "linux/amd64" } }\'',
  kubectl:
    'echo \'{ "clientVersion": { "major": "1", "minor": "32", "gitVersion": "v1.32.2", "platform": "linux/amd64" }, ' +
    '"kustomizeVersion": "v5.5.0" }\'',
  helm: 'echo "v3.16.2+g13654a5"',
  deck: 'echo "decK v1.43.0 (b1a1e5e)"',
  /** Older than `deck gateway …` (1.28) and `file render --populate-env-vars` (1.36). */
  deckOld: 'echo "decK v1.27.1 (f0c4b2a)"',
  /** `kongctl version` prints the bare version, then the commit and date. */
  kongctl: 'echo "1.13.0 (d54e86b : 2026-08-22)"',
  /** Older than `kongctl get organization` (0.3.3). */
  kongctlOld: 'echo "0.3.0 (6b30eca : 2025-10-01)"',
  /** Older than `kubectl rollout status` with two Deployments (1.25), newer than Debian's. */
  kubectl124:
    'echo \'{ "clientVersion": { "major": "1", "minor": "24", "gitVersion": "v1.24.17", "platform": "linux/amd64" } ' +
    "}'",
  curl: 'echo "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.15"',
  /** `docker --version` works; `docker info` answers only when the daemon is "up". */
  docker: (daemonUp: boolean) =>
    [
      'case "$1" in',
      '  --version) echo "Docker version 27.3.1, build ce12230" ;;',
      daemonUp
        ? '  info) echo "27.3.1" ;;'
        : '  info) echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon ' +
          'running?" >&2; exit 1 ;;',
      'esac',
    ].join('\n'),
};
