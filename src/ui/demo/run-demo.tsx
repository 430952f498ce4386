import { render } from 'ink';
import { createTheme } from '../theme.js';
import { ThemeContext } from '../use-theme.js';
import { DemoApp } from './DemoApp.js';
import type { DemoUiOptions } from '../index.js';

/** Mounts the presenter view and resolves when the presenter has quit. */
export async function mountDemo(options: DemoUiOptions): Promise<void> {
  const instance = render(
    <ThemeContext.Provider value={createTheme(options.color)}>
      <DemoApp demo={options.demo} recording={options.recording} />
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
