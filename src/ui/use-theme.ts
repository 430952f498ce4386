import { createContext, useContext } from 'react';
import { createTheme, type Theme } from './theme.js';

export const ThemeContext = createContext<Theme>(createTheme(false));

/** The theme the app was started with: colour on a terminal, off with NO_COLOR. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
