/**
 * The session's undo/redo stack of decision batches. The catalogue does the
 * actual reverting (by batch, writing new audit entries); this only remembers
 * which batch the next Ctrl+Z or Shift+Ctrl+Z refers to. Pure and immutable so
 * React state updates stay predictable.
 */
export interface UndoState {
  done: string[];
  undone: string[];
}

export const EMPTY_UNDO: UndoState = { done: [], undone: [] };

/** A new decision: it can be undone, and anything undone before is no longer redoable. */
export function pushBatch(state: UndoState, batchId: string): UndoState {
  return { done: [...state.done, batchId], undone: [] };
}

export function canUndo(state: UndoState): boolean {
  return state.done.length > 0;
}

export function canRedo(state: UndoState): boolean {
  return state.undone.length > 0;
}

/** The batch to undo next, or null. */
export function peekUndo(state: UndoState): string | null {
  return state.done.at(-1) ?? null;
}

export function peekRedo(state: UndoState): string | null {
  return state.undone.at(-1) ?? null;
}

/** After the catalogue confirmed the undo of the top batch. */
export function afterUndo(state: UndoState): UndoState {
  if (!canUndo(state)) return state;
  return { done: state.done.slice(0, -1), undone: [...state.undone, state.done.at(-1)!] };
}

/**
 * After the catalogue confirmed the redo of the last undone batch. The
 * catalogue names undo and redo by the ORIGINAL batch id, so the same id goes
 * back on the undo side.
 */
export function afterRedo(state: UndoState): UndoState {
  if (!canRedo(state)) return state;
  return { done: [...state.done, state.undone.at(-1)!], undone: state.undone.slice(0, -1) };
}
