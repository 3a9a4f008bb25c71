import { createContext, useContext } from 'react';
import type { GridList } from './types.js';

/**
 * Other screens (e.g. the models view's comparison) hand a list of images to
 * the review grid through this: the app switches to the review screen, on the
 * list's facet, showing those images in the list's order. null where no app
 * provides it (a panel rendered on its own).
 */
export const OpenInGridContext = createContext<((list: GridList) => void) | null>(null);

export function useOpenInGrid(): ((list: GridList) => void) | null {
  return useContext(OpenInGridContext);
}
