/** Click / shift-click / ctrl-click selection rules, kept pure for testing. */
export interface ClickMods {
  shift: boolean;
  toggle: boolean; // Ctrl on Linux/Windows, Cmd on macOS
}

export interface SelectionState {
  ids: ReadonlySet<number>;
  anchor: number | null; // index the next shift-click extends from
}

export const NO_SELECTION: SelectionState = { ids: new Set(), anchor: null };

/**
 * The next selection after a click on `index` (holding image `id`). A shift
 * range needs the ids between anchor and index; `rangeIds` supplies them.
 */
export function clickSelection(
  state: SelectionState,
  index: number,
  id: number,
  mods: ClickMods,
  rangeIds: (from: number, to: number) => number[],
): SelectionState {
  if (mods.shift && state.anchor !== null) {
    const [a, b] = state.anchor <= index ? [state.anchor, index] : [index, state.anchor];
    const ids = new Set(mods.toggle ? state.ids : []);
    for (const x of rangeIds(a, b)) ids.add(x);
    return { ids, anchor: state.anchor };
  }
  if (mods.toggle) {
    const ids = new Set(state.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: index };
  }
  // A plain click focuses one image and clears any multi-selection.
  return { ids: new Set(), anchor: index };
}
