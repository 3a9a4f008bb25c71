import { createContext, useContext } from 'react';
import type { GridFilter } from './types.js';

/** What the review grid shows right now; other screens (export) can act on exactly that. */
export interface GridView {
  facet: string;
  filter: GridFilter;
}

export const CurrentGridViewContext = createContext<GridView | null>(null);

export function useCurrentGridView(): GridView | null {
  return useContext(CurrentGridViewContext);
}
