import { createContext, useContext } from 'react';

/** A classification another screen has started: its facet and job. */
export interface ClassifyRun {
  facet: string;
  jobId: string;
}

/**
 * Other screens (the import panel's next step) hand a classification they
 * started to the classify screen through this: the app switches to it, on the
 * run's facet, following the run's progress. null where no app provides it (a
 * panel rendered on its own).
 */
export const OpenClassifyContext = createContext<((run: ClassifyRun) => void) | null>(null);

/** The run the classify screen was opened for, if any. */
export const ClassifyRunContext = createContext<ClassifyRun | null>(null);

export function useOpenClassify(): ((run: ClassifyRun) => void) | null {
  return useContext(OpenClassifyContext);
}
