import { render } from 'ink';
import { App } from './App.js';
import { createTheme } from './theme.js';
import { ThemeContext } from './use-theme.js';
import type { WorkshopUiOptions } from './index.js';
import { takeEarlyInput } from '../shared/index.js';

/**
 * Mounts the app on the terminal and resolves when the learner has quit. When they ask for their
 * own shell, the app unmounts (the terminal is theirs), the shell runs, and the app mounts again
 * on the same workshop: same lesson, same step.
 */
export async function mountApp(options: WorkshopUiOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  // Keys typed while the workshop loaded go back into the stream, where ink's reader finds them first.
  const early = takeEarlyInput(stdin);
  if (early) stdin.unshift(early);
  // Read once the first frame stopped taking keys: the app's home screen starts there.
  let startSelection = options.homeSelection?.();
  const takeStartSelection = () => {
    const selection = startSelection;
    startSelection = undefined;
    return selection;
  };
  let mounted = false;
  let resumePager: { error?: string } | undefined;
  for (;;) {
    let shellWanted = false;
    let paged: string | undefined;
    const instance = render(
      <ThemeContext.Provider value={createTheme(options.color)}>
        <App
          workshop={options.workshop}
          version={options.version}
          exitAfterFirstFrame={options.exitAfterFirstFrame}
          classLink={options.classLink}
          takeStartSelection={takeStartSelection}
          onShell={() => {
            shellWanted = true;
          }}
          onPager={(text) => {
            paged = text;
          }}
          takeResumePager={() => {
            const taken = resumePager;
            resumePager = undefined;
            return taken;
          }}
        />
      </ThemeContext.Provider>,
      {
        exitOnCtrlC: false,
        patchConsole: false,
        ...(options.stdout ? { stdout: options.stdout } : {}),
        ...(options.stdin ? { stdin: options.stdin } : {}),
      },
    );
    if (options.exitWhenTakingKeys)
      whenReading(stdin, () => {
        process.stdout.write('\u001B[?1049l');
        process.exit(0);
      });
    else if (options.afterMount && !mounted) whenReading(stdin, options.afterMount);
    mounted = true;
    await instance.waitUntilExit();
    if (paged !== undefined) {
      instance.clear();
      resumePager = { error: await options.workshop.openPager?.(paged) };
      continue;
    }
    if (!shellWanted) return;
    instance.clear();
    await options.workshop.openShell();
  }
}

/**
 * Calls back once ink reads the terminal (its input handler is attached): from then on a key,
 * typed then or before, is acted on. The start-up benchmark exits there; work that can wait for
 * the first key (opening a lesson given on the command line) starts there.
 */
function whenReading(stdin: NodeJS.ReadStream, then: () => void): void {
  const poll = () => {
    if (stdin.listenerCount('readable') > 0) then();
    else setImmediate(poll);
  };
  poll();
}
