import { render } from 'ink';
import { createTheme } from '../theme.js';
import { ThemeContext } from '../use-theme.js';
import { ClassApp } from './ClassApp.js';
import type { ClassUiOptions } from '../index.js';

/** Mounts the instructor's class view and resolves when the instructor quits. */
export async function mountClass(options: ClassUiOptions): Promise<void> {
  const instance = render(
    <ThemeContext.Provider value={createTheme(options.color)}>
      <ClassApp follow={options.follow} url={options.url} />
    </ThemeContext.Provider>,
    { exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
}
