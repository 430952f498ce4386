import { render } from 'ink';
import { App } from './App.js';
import { createTheme } from './theme.js';
import { ThemeContext } from './use-theme.js';
import type { WorkshopUiOptions } from './index.js';

/**
 * Mounts the app on the terminal and resolves when the learner has quit. When they ask for their
 * own shell, the app unmounts (the terminal is theirs), the shell runs, and the app mounts again
 * on the same workshop: same lesson, same step.
 */
export async function mountApp(options: WorkshopUiOptions): Promise<void> {
  for (;;) {
    let shellWanted = false;
    const instance = render(
      <ThemeContext.Provider value={createTheme(options.color)}>
        <App
          workshop={options.workshop}
          version={options.version}
          exitAfterFirstFrame={options.exitAfterFirstFrame}
          classLink={options.classLink}
          onShell={() => {
            shellWanted = true;
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
    await instance.waitUntilExit();
    if (!shellWanted) return;
    instance.clear();
    await options.workshop.openShell();
  }
}
