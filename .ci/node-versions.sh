#!/usr/bin/env bash
# The part of the suite where the Node version matters, on Node 22 and 24 (the full suite runs on
# the machine's Node, 20.19 or newer, before this). Three full runs would not fit CI's 20 minutes on
# 2 cores; this subset does: the CLI end to end, the sandbox and its quick path, a headless run of a
# lesson, and the packed tarball installed into an empty folder running the whole workshop. The
# Node binaries come from the npm registry (the `node` package), cached by npx after the first run.
# Usage: bash .ci/node-versions.sh [versions…]   (default: 22 24; KW_NODE_VERSIONS does the same)
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
[ ${#versions[@]} -gt 0 ] || read -r -a versions <<<"${KW_NODE_VERSIONS-22 24}"
subset=(
  test/sandbox/cli.test.ts
  test/sandbox/quick.test.ts
  test/cli/run.e2e.test.ts
  test/cli/sandbox-target.e2e.test.ts
  test/install/package.e2e.test.ts
  packages/sandbox/test/http-text.test.ts
  packages/sandbox/test/auth-and-state.test.ts
)
[ -f bundle/cli.mjs ] || npm run build

for version in "${versions[@]}"; do
  echo "== Node ${version}: ${#subset[@]} test files"
  # Inside npx, `node` on PATH is the downloaded one, so the tests' child processes (the CLI, the
  # lesson shells' kong-workshop) run on it too. The README examples already ran on the full suite.
  npx --yes -p "node@${version}" -- bash -c '
    set -euo pipefail
    got=$(node -p "process.versions.node.split(\".\")[0]")
    [ "$got" = "$0" ] || { echo "expected Node $0, got $(node --version)" >&2; exit 1; }
    echo "node $(node --version) at $(node -p process.execPath)"
    exec node node_modules/vitest/vitest.mjs run --testNamePattern "^(?!.*shell example)" "$@"
  ' "${version}" "${subset[@]}"
done
