import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { commandForKey, isTypingTarget, moveFocus, type ReviewCommand } from './keymap.js';
import { clickSelection, NO_SELECTION } from './selection.js';
import type { GridViewState } from './useGridView.js';
import type { ReviewActions } from './useReviewActions.js';

/**
 * The review screen's keyboard: turns a key into a command (keymap.ts) and
 * carries it out on the grid view and the actions. Also owns the shortcut
 * list (help), which keys open and close. `root` is the screen: while it is
 * inert (covered by the sign-in screen after a session ended) it takes no keys.
 */
export function useReviewKeyboard(enabled: boolean, view: GridViewState, actions: ReviewActions, root: RefObject<HTMLElement | null>) {
  const [helpOpen, setHelpOpen] = useState(false);
  const { columns, data, largeOpen, setLargeOpen, setFocus, setSelection, focused, focus } = view;
  const { pendingBulk, setPendingBulk, setLabelAt, decide, undoLast, redoLast, selectAll } = actions;

  const execute = useCallback(
    (cmd: ReviewCommand) => {
      switch (cmd.kind) {
        case 'move':
          // In the large view every arrow steps through the list one image at a time.
          return setFocus((f) =>
            largeOpen ? moveFocus(f, cmd.dx + cmd.dy, 0, 1, data.total) : moveFocus(f, cmd.dx, cmd.dy, columns, data.total),
          );
        case 'setLabel':
          return setLabelAt(cmd.position);
        case 'validate':
          return void decide({ action: 'validate' });
        case 'reject':
          return void decide({ action: 'reject' });
        case 'toggleLarge':
          return setLargeOpen((o) => !o && data.total > 0);
        case 'close':
          if (pendingBulk) return setPendingBulk(null);
          if (helpOpen) return setHelpOpen(false);
          if (largeOpen) return setLargeOpen(false);
          return setSelection(NO_SELECTION);
        case 'undo':
          return void undoLast();
        case 'redo':
          return void redoLast();
        case 'help':
          return setHelpOpen((o) => !o);
        case 'selectAll':
          return void selectAll();
        case 'toggleSelect':
          if (!focused) return;
          return setSelection((s) => clickSelection(s, focus, focused.id, { shift: false, toggle: true }, () => []));
      }
    },
    [columns, data.total, largeOpen, helpOpen, pendingBulk, setLabelAt, decide, undoLast, redoLast, selectAll, focused, focus, setFocus, setLargeOpen, setSelection, setPendingBulk],
  );

  // The key listener reads the screen's latest state through a ref updated in the commit
  // itself (layout effect), so a key pressed right after a render never acts on the previous
  // one's focus — a passive effect re-subscribing the listener would leave that gap.
  const latest = useRef({ execute, helpOpen, asking: false });
  useLayoutEffect(() => {
    latest.current = { execute, helpOpen, asking: pendingBulk !== null };
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || root.current?.closest('[inert]')) return;
      // A button reached with Tab keeps Enter and Space for itself.
      if ((e.target as HTMLElement | null)?.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
      const cmd = commandForKey(e);
      if (!cmd) return;
      if (latest.current.helpOpen && cmd.kind !== 'help' && cmd.kind !== 'close') return;
      // The overwrite question is answered with its buttons (Enter: the focused default) or Escape.
      if (latest.current.asking && cmd.kind !== 'close') return;
      e.preventDefault();
      latest.current.execute(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, root]);

  return { helpOpen, setHelpOpen };
}
