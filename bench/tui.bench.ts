import { execFileSync, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli, median, percentile, root, row, timePaired, type Bench, type BenchRow } from './lib.js';

// `script` gives each process a pseudo-terminal, as a learner's terminal would: without one the
// workshop falls back to headless mode. Both sides of every comparison run under it.
const inTerminal = (command: string, env: NodeJS.ProcessEnv) => () => {
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
};

const catalog =
  'fixtures/lessons/tui/sandbox.md fixtures/lessons/tui/progress.md fixtures/lessons/valid/key-auth.md ' +
  'fixtures/lessons/valid/rate-limit.md fixtures/lessons/valid/variants.md';

export const bench: Bench = {
  title: 'Workshop TUI',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'kw-bench-tui-'));
    const env: NodeJS.ProcessEnv = { ...process.env, KONG_WORKSHOP_HOME: home, TERM: 'xterm-256color' };
    // ink draws only the last frame when it believes it runs in CI.
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    try {
      const start = (after: string) =>
        inTerminal(`env KONG_WORKSHOP_EXIT_AFTER=${after} node ${cli} start ${catalog}`, env);
      const node = inTerminal('node -e 0', env);
      const first = await timePaired(start('first-frame'), node);
      rows.push(
        row('first frame: the home screen with 5 lessons', first.a, 'ms', '`node -e 0`', first.b, { max: 3.0 }),
      );
      const interactive = await timePaired(start('interactive'), node);
      rows.push(row('ink mounted (its first frame, then quit)', interactive.a, 'ms', '`node -e 0`', interactive.b));
      const keys = await timePaired(start('keys'), node);
      rows.push(
        row('time from start to taking keys (the first frame moves its cursor)', keys.a, 'ms', '`node -e 0`', keys.b, {
          max: 2.5,
        }),
      );
      const inkKeys = await timePaired(start('ink-keys'), node);
      rows.push(
        row('time from start to ink reading keys (Enter and the rest)', inkKeys.a, 'ms', '`node -e 0`', inkKeys.b),
      );

      const latency = await keypressLatency();
      rows.push(
        row('keypress → frame, home (↓)', latency.home.median, 'ms', 'one-line ink app', latency.baseline.median),
      );
      rows.push(
        row(
          'keypress → frame, lesson (h: hint, re-laid out)',
          latency.hint.median,
          'ms',
          'one-line ink app',
          latency.baseline.median,
        ),
      );
      rows.push(
        row(
          'keypress → frame, lesson (PgUp/PgDn, 200 output lines)',
          latency.scroll.median,
          'ms',
          'one-line ink app',
          latency.baseline.median,
        ),
      );
      notes.push(
        `Keypress → frame p95: home ${latency.home.p95.toFixed(1)} ms, hint ${latency.hint.p95.toFixed(1)} ms, ` +
          `scroll ${latency.scroll.p95.toFixed(1)} ms, baseline ${latency.baseline.p95.toFixed(1)} ms.`,
      );

      const peak = await peakMemory(env, home);
      rows.push(row('peak RSS over the whole sandbox fixture lesson', peak, 'MB', 'budget', 150, { max: 1.0 }));
    } finally {
      spawnSync('node', [cli, 'sandbox', 'stop'], { env, stdio: 'ignore' });
      rmSync(home, { recursive: true, force: true });
    }
    return {
      title: this.title,
      method:
        'Start-up: median wall time of the whole process under a pseudo-terminal (`script`), paired with ' +
        '`node -e 0` under the same (15 pairs after 2 warm-ups). ' +
        'The first frame is the home screen, painted from the same layout ink renders before ink itself has loaded; ' +
        '"ink mounted" runs until the app has mounted and quit. ' +
        '"Taking keys" ends the process once the first frame acts on keys: ↑↓ and j k move its cursor while ink ' +
        'loads; any other key (Enter, q…) is held, with every key after it, until "ink reading keys", where ' +
        'the app replays them in order and starts with the cursor where the first frame left it. Keys typed ' +
        'before the first frame are held from the first line of the entry. ' +
        'Keypress → frame: in-process, from writing a key to a pseudo-TTY stream until ink writes the next frame ' +
        '(40 keys each, 60 ms apart), against a one-line ink app counting keys. ' +
        'Peak RSS: VmHWM of the TUI process after running the sandbox fixture lesson end to end under tmux.',
      rows,
      notes,
    };
  },
};

interface Latency {
  readonly median: number;
  readonly p95: number;
}

/** Times keys through ink's real (throttled) render path on stand-in terminal streams. */
async function keypressLatency(): Promise<Record<'home' | 'hint' | 'scroll' | 'baseline', Latency>> {
  process.env.NODE_ENV ??= 'production';
  const { createElement } = await import('react');
  const { render, Text, useInput } = await import('ink');
  const { useState } = await import('react');
  const { App } = await import('../src/ui/App.js');
  const fixtures = await import('../test/ui/fixtures.js');
  const lesson = fixtures.fixtureLesson();
  const run = lesson.steps[0]!.blocks.find((block) => block.type === 'run')!;
  const output = Array.from({ length: 200 }, (_, i) => ({
    type: 'output' as const,
    step: 0,
    blockId: run.id,
    stream: 'stdout' as const,
    line: `line ${i + 1} of the output`,
  }));
  const lessonState = fixtures.lessonState(
    fixtures.openLesson(lesson, [...fixtures.firstStepPassed(lesson).slice(0, 3), ...output]),
  );

  const measure = async (tree: ReturnType<typeof createElement>, keys: readonly string[]): Promise<Latency> => {
    const stdout = new FakeTerminal();
    const stdin = new FakeKeyboard();
    const instance = render(tree, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await sleep(100);
    const times: number[] = [];
    for (let i = 0; i < 42; i++) {
      const wrote = stdout.nextWrite();
      const started = performance.now();
      stdin.write(keys[i % keys.length]!);
      await wrote;
      if (i >= 2) times.push(performance.now() - started);
      await sleep(60);
    }
    instance.unmount();
    return { median: median(times), p95: percentile(times, 95) };
  };

  // biome-ignore lint/correctness/noComponentHookFactories: the baseline is defined where it is measured
  const Counter = () => {
    const [count, setCount] = useState(0);
    useInput(() => setCount((n) => n + 1));
    return createElement(Text, null, `keys: ${count}`);
  };
  const baseline = await measure(createElement(Counter), ['x']);
  const homeStore = new fixtures.FakeWorkshop(fixtures.homeState());
  const home = await measure(createElement(App, { workshop: homeStore, version: 'bench' }), ['\u001B[B']);
  const hint = await measure(
    createElement(App, { workshop: new fixtures.FakeWorkshop(lessonState), version: 'bench' }),
    ['h'],
  );
  const scroll = await measure(
    createElement(App, { workshop: new fixtures.FakeWorkshop(lessonState), version: 'bench' }),
    ['\u001B[5~', '\u001B[6~'],
  );
  return { home, hint, scroll, baseline };
}

/** A terminal for ink: 80×24, a TTY, and a promise for the next frame written. */
class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  private waiting: (() => void) | undefined;
  write(_data: string): boolean {
    this.waiting?.();
    this.waiting = undefined;
    return true;
  }
  nextWrite(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

class FakeKeyboard extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read(): string | null {
    const data = this.data;
    this.data = null;
    return data;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Runs the sandbox fixture lesson end to end in tmux and reads the TUI's peak resident memory. */
async function peakMemory(env: NodeJS.ProcessEnv, home: string): Promise<number> {
  const socket = `kw-bench-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 30_000;
    while (!tmux('capture-pane', '-t', 'tui', '-p').includes(text)) {
      if (Date.now() > deadline)
        throw new Error(`bench: "${text}" never showed:\n${tmux('capture-pane', '-t', 'tui', '-p')}`);
      await sleep(50);
    }
  };
  try {
    tmux(
      'new-session',
      '-d',
      '-s',
      'tui',
      '-x',
      '80',
      '-y',
      '24',
      `cd ${root} && exec env -u CI KONG_WORKSHOP_HOME=${home} KONG_WORKSHOP_SANDBOX_PROXY_PORT=0 ` +
        `KONG_WORKSHOP_SANDBOX_ADMIN_PORT=0 node ${cli} start fixtures/lessons/tui/sandbox.md --trust`,
    );
    const pid = Number(tmux('list-panes', '-t', 'tui', '-F', '#{pane_pid}').trim());
    // A lesson opens on its introduction page; Enter goes on to step 1.
    await waitFor('start step 1');
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitFor('1/4 Route to the echo service');
    for (const title of ['2/4 Require a key', '3/4 Limit alex', '4/4 Take a break']) {
      tmux('send-keys', '-t', 'tui', 'Enter');
      await waitFor('Step passed');
      tmux('send-keys', '-t', 'tui', 'Enter');
      await waitFor(title);
    }
    tmux('send-keys', '-t', 'tui', 'Enter');
    await waitFor('waiting a minute');
    tmux('send-keys', '-t', 'tui', 'C-c');
    await waitFor('Stopped');
    tmux('send-keys', '-t', 'tui', 'h', 'S', 'y', '?');
    await sleep(300);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    tmux('send-keys', '-t', 'tui', 'Escape', 'q');
    return kb / 1024;
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
}
