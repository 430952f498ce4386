import { render } from 'ink';
import { App } from './App.js';
import { createTheme } from './theme.js';
import { ThemeContext } from './use-theme.js';
import type { WorkshopUiOptions } from './index.js';

/** Mounts the app on the terminal and resolves when the learner has quit. */
export async function mountApp(options: WorkshopUiOptions): Promise<void> {
  const instance = render(
    <ThemeContext.Provider value={createTheme(options.color)}>
      <App
        workshop={options.workshop}
        version={options.version}
        exitAfterFirstFrame={options.exitAfterFirstFrame}
        classLink={options.classLink}
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
}
