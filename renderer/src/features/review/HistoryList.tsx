import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from './types.js';

/** Audit actions an image's history can hold (review decisions, undo/redo, note edits); anything else is shown as stored. */
const ACTIONS = new Set(['label', 'validate', 'reject', 'reset', 'undo', 'redo', 'note']);

/** The item's full label history from the audit log, newest first. */
export function HistoryList({ entries, labelName }: { entries: HistoryEntry[]; labelName(k: string | null): string }) {
  const { t, i18n } = useTranslation();
  if (!entries.length) return <p className="muted">{t('review.large.noHistory')}</p>;
  const describe = (status: string | null, label: string | null) =>
    [status ? t(`review.status.${status}`, { defaultValue: status }) : '—', label ? labelName(label) : ''].filter(Boolean).join(' · ');
  // Undo and redo name the entry they reverse ("undid #12"), the others just what was done.
  const action = (e: HistoryEntry) =>
    e.undoOf !== null && (e.action === 'undo' || e.action === 'redo')
      ? t(`review.history.${e.action}Of`, { id: e.undoOf })
      : ACTIONS.has(e.action)
        ? t(`review.history.action.${e.action}`)
        : e.action === 'resolve'
          ? t('roles.history.resolve')
          : e.action;
  // An expert's resolution of a dispute names the votes it settled (audit details: who said what).
  const votesOf = (e: HistoryEntry) => {
    const votes = (e.details as { votes?: { actor: string; label: string | null }[] } | null)?.votes ?? [];
    return t('roles.history.votes', { votes: votes.map((v) => `${v.actor}: ${v.label ? labelName(v.label) : t('review.status.rejected')}`).join(', ') });
  };
  // A note edit changes no status or label: show the note it left instead of "— → —".
  const noteText = (e: HistoryEntry) => {
    const to = (e.details as { to?: unknown } | null)?.to;
    return typeof to === 'string' && to ? t('review.history.noteTo', { note: to }) : t('review.history.noteCleared');
  };
  return (
    <ol className="history" data-testid="history">
      {[...entries].reverse().map((e) => (
        <li key={e.id}>
          <span className="history-when">{new Date(e.at).toLocaleString(i18n.language)}</span>{' '}
          <strong>{e.actor}</strong> <span className="history-action">{action(e)}</span>
          <div>
            {e.action === 'note' ? noteText(e) : t('review.history.change', { from: describe(e.fromStatus, e.fromLabel), to: describe(e.toStatus, e.toLabel) })}
            {e.action === 'resolve' && <span data-testid="history-votes"> ({votesOf(e)})</span>}
            {e.modelVersion && <span className="muted"> ({e.modelVersion})</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
