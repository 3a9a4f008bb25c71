import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from './types.js';

/** The item's full label history from the audit log, newest first. */
export function HistoryList({ entries, labelName }: { entries: HistoryEntry[]; labelName(k: string | null): string }) {
  const { t, i18n } = useTranslation();
  if (!entries.length) return <p className="muted">{t('review.large.noHistory')}</p>;
  const describe = (status: string | null, label: string | null) =>
    [status ? t(`review.status.${status}`, { defaultValue: status }) : '—', label ? labelName(label) : ''].filter(Boolean).join(' · ');
  return (
    <ol className="history" data-testid="history">
      {[...entries].reverse().map((e) => (
        <li key={e.id}>
          <span className="history-when">{new Date(e.at).toLocaleString(i18n.language)}</span>{' '}
          <strong>{e.actor}</strong> <span className="history-action">{e.action}</span>
          <div>
            {t('review.history.change', { from: describe(e.fromStatus, e.fromLabel), to: describe(e.toStatus, e.toLabel) })}
            {e.modelVersion && <span className="muted"> ({e.modelVersion})</span>}
            {e.undoOf !== null && <span className="muted"> — {t('review.history.undo', { id: e.undoOf })}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
