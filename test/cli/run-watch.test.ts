import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { streamedOutput } from '../helpers/streamed-output.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-run-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lesson = (version: string) =>
  '---\nid: watched\ntitle: Watched\ntargets: [sandbox]\n---\n\n' +
  '## Set the state\n\n```sh run\necho from-step-one > state.txt\n```\n\n' +
  `## Work on this\n\n\`\`\`sh run\ncat state.txt\necho ${version}\n\`\`\`\n\n` +
  `\`\`\`output match=exact\nfrom-step-one\n${version}\n\`\`\`\n`;

describe('kong-workshop run --watch', () => {
  it('runs the steps before --from quietly, runs again on every save, and ends cleanly on Ctrl-C', async () => {
    const file = join(dir, 'watched.md');
    writeFileSync(file, lesson('version-one'));
    const child = execa(
      'node',
      [cliPath, 'run', '--watch', file, '--from', '2', '--trust', '--proxy-port', '0', '--admin-port', '0'],
      { env: { NO_COLOR: '1', HOME: dir, XDG_STATE_HOME: join(dir, 'state') }, reject: false },
    );
    const output = streamedOutput(child);
    await output.seen('PASSED Watched');
    // A change written before the watcher is set up would never be seen: wait for it to say it watches.
    await output.seen('watching watched.md', 'err');
    writeFileSync(file, lesson('version-two'));
    await output.seen('PASSED Watched', 'out', 2);
    await output.seen('watching watched.md', 'err', 2);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    const [out, err] = [output.out(), output.err()];
    // Step 1 ran (its file is there for step 2) but only step 2 is reported, each time.
    expect(err.match(/\[1\/2\] Set the state: ran quietly \(--from\), passed/g)).toHaveLength(2);
    expect(out).not.toContain('[1/2]');
    expect(out.match(/\[2\/2\] Work on this/g)).toHaveLength(2);
    expect(out).toContain('│ version-one');
    expect(out).toContain('│ version-two');
    expect(out.match(/✓ output as shown \(match=exact\)/g)).toHaveLength(2);
  }, 60_000);

  it('takes one lesson, and --from a step it has', async () => {
    const file = join(dir, 'other.md');
    writeFileSync(file, lesson('x'));
    const second = join(dir, 'second.md');
    writeFileSync(second, lesson('y').replace('id: watched', 'id: second'));
    const two = await execa('node', [cliPath, 'run', '--watch', file, second], {
      reject: false,
      env: { HOME: dir },
      timeout: 20_000,
    });
    expect(two.exitCode).toBe(1);
    expect(two.stderr).toContain('run --watch takes one lesson file');
    const bad = await execa('node', [cliPath, 'run', file, '--from', 'nope', '--trust'], {
      reject: false,
      env: { HOME: dir },
      timeout: 20_000,
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("'watched' has no step 'nope'");
    expect(bad.stderr).toContain('steps: 1 set-the-state, 2 work-on-this');
  }, 30_000);
});
