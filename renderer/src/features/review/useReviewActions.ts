import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { EMPTY_UNDO, afterRedo, afterUndo, peekRedo, peekUndo, pushBatch, type UndoState } from './undoStack.js';
import { NO_SELECTION } from './selection.js';
import type { GridViewState } from './useGridView.js';
import type { Decision, GridItem, ReviewApi } from './types.js';

/** How many "suggested next" images the grid asks for at a time. */
export const SUGGEST_LIMIT = 100;

/** A bulk action waiting for the validator's answer: it would replace decisions people made. */
export interface PendingBulk {
  decision: Decision;
  ids: number[];
  decided: number;
}

/**
 * The catalogue changes the review screen makes — decisions on the focused
 * image or the selection, undo/redo, select all, "suggest next" — one at a
 * time, each followed by a refresh of what is on screen.
 */
export function useReviewActions(api: ReviewApi, facet: string, labels: Label[], view: GridViewState, say: (text: string, error?: boolean) => void) {
  const { t } = useTranslation();
  const { data, selection, setSelection, focused, focus, setFocus, filter, sort } = view;
  const [undo, setUndo] = useState<UndoState>(EMPTY_UNDO);
  const [pendingBulk, setPendingBulk] = useState<PendingBulk | null>(null);
  // Bumped after every change, so the large view reloads what it shows.
  const [version, setVersion] = useState(0);
  const [suggesting, setSuggesting] = useState(false);
  const busy = useRef(false);

  /** Run a catalogue change, then refresh what is on screen. One at a time, so keys cannot race. */
  const run = useCallback(
    async (work: () => Promise<void>) => {
      if (busy.current) return;
      busy.current = true;
      try {
        await work();
      } catch (err) {
        say(t('review.messages.error', { message: (err as Error).message }), true);
      } finally {
        busy.current = false;
      }
    },
    [say, t],
  );

  /** A bulk action over the selection, one undo step; decisions people made are replaced only when `overwriteDecided`. */
  const bulkDecide = useCallback(
    async (decision: Decision, ids: number[], overwriteDecided: boolean) => {
      setPendingBulk(null);
      const outcome = await api.decide(facet, ids, decision, undefined, { overwriteDecided });
      if (outcome.batchId) setUndo((u) => pushBatch(u, outcome.batchId!));
      await data.reload();
      setVersion((v) => v + 1);
      setSelection(NO_SELECTION);
      const done = t('review.messages.decided', { count: outcome.changed });
      say(outcome.skippedDecided ? `${done}. ${t('review.protect.kept', { count: outcome.skippedDecided })}` : done);
    },
    [api, facet, data, say, t, setSelection],
  );

  const decide = useCallback(
    (decision: Decision) =>
      run(async () => {
        if (selection.ids.size > 0) {
          const ids = [...selection.ids];
          // Ask first when the action would replace decisions people made (counted without writing anything).
          const preview = await api.decide(facet, ids, decision, undefined, { dryRun: true });
          if (preview.skippedDecided > 0) setPendingBulk({ decision, ids, decided: preview.skippedDecided });
          else await bulkDecide(decision, ids, false);
          return;
        }
        if (!focused) return;
        const index = focus;
        // Revisions this screen showed, so edits made meanwhile in another window are reported.
        const seen: Record<string, number> = { [focused.id]: focused.revision };
        // One image, looked at and decided on: a decision made before is replaced, as the validator asked.
        const outcome = await api.decide(facet, [focused.id], decision, seen, { overwriteDecided: true });
        const batchId = outcome.batchId;
        if (batchId) setUndo((u) => pushBatch(u, batchId));
        // The stored state where the answer has it: under layered validation a decision may leave the image awaiting or disputed.
        const stored = outcome.items?.find((i) => i.id === focused.id);
        data.patch(focused.id, stored ? { status: stored.status, label: stored.label } : optimistic(decision, focused));
        await data.reload();
        setVersion((v) => v + 1);
        if (outcome.overwritten.length) {
          const by = outcome.overwritten.map((o) => o.by ?? '?').join(', ');
          say(t('review.messages.overwritten', { count: outcome.overwritten.length, by }), true);
        }
        // The next item is either right after (the item stayed in the filter) or has slid into its place.
        const stayed = data.item(index)?.id === focused.id;
        setFocus(Math.min(stayed ? index + 1 : index, Math.max(0, data.total - 1)));
      }),
    [run, selection, focused, focus, setFocus, api, facet, data, say, t, bulkDecide],
  );

  // Undo and redo are one step through the undo stack, in either direction.
  const stepHistory = useCallback(
    (back: boolean) =>
      run(async () => {
        const batch = back ? peekUndo(undo) : peekRedo(undo);
        if (!batch) return say(t(back ? 'review.messages.nothingToUndo' : 'review.messages.nothingToRedo'));
        const outcome = await (back ? api.undo(batch) : api.redo(batch));
        setUndo(back ? afterUndo : afterRedo);
        await data.reload();
        setVersion((v) => v + 1);
        const done = back ? t('review.messages.undone') : t('review.messages.redone');
        say(outcome.skipped ? t('review.messages.undoneSkipped', { count: outcome.skipped }) : done, outcome.skipped > 0);
      }),
    [run, undo, api, data, say, t],
  );
  const undoLast = useCallback(() => stepHistory(true), [stepHistory]);
  const redoLast = useCallback(() => stepHistory(false), [stepHistory]);

  const selectAll = useCallback(
    () =>
      run(async () => {
        const ids = await api.ids(facet, filter, sort);
        setSelection({ ids: new Set(ids), anchor: focus });
      }),
    [run, api, facet, filter, sort, focus, setSelection],
  );

  const setLabelAt = useCallback(
    (position: number) => {
      const label = labels[position - 1];
      if (!label) return say(t('review.messages.noLabelAt', { position }), true);
      void decide({ action: 'label', label: label.key });
    },
    [labels, decide, say, t],
  );

  const suggestNext = async () => {
    setSuggesting(true);
    try {
      const s = await api.suggest(facet, SUGGEST_LIMIT);
      if (!s.ids.length) say(t('review.list.noSuggestions'), true);
      else view.enterList({ kind: 'suggested', facet, ids: s.ids, detail: { mode: s.mode, unlabelled: s.unlabelled } });
    } catch (err) {
      say(t('review.messages.error', { message: (err as Error).message }), true);
    } finally {
      setSuggesting(false);
    }
  };

  return {
    undo,
    version,
    suggesting,
    suggestNext,
    pendingBulk,
    setPendingBulk,
    run,
    bulkDecide,
    decide,
    undoLast,
    redoLast,
    selectAll,
    setLabelAt,
  };
}

export type ReviewActions = ReturnType<typeof useReviewActions>;

/** What the cell shows until the reload confirms the decision. */
function optimistic(decision: Decision, item: GridItem): Partial<GridItem> {
  if (decision.action === 'reject') return { status: 'rejected' };
  if (decision.action === 'validate') return { status: 'validated' };
  return { status: decision.label === item.label ? 'validated' : 'corrected', label: decision.label };
}
