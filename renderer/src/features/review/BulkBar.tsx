import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { usePermissions } from '../../components/permissions.js';

export interface BulkBarProps {
  count: number;
  labels: Label[];
  canUndo: boolean;
  canRedo: boolean;
  onLabel(label: string): void;
  onValidate(): void;
  onReject(): void;
  onSelectAll(): void;
  onClear(): void;
  onUndo(): void;
  onRedo(): void;
  onHelp(): void;
}

/** Selection and bulk actions (one undo step each), plus undo/redo and the shortcut list. */
export function BulkBar(p: BulkBarProps) {
  const { t } = useTranslation();
  // A role that may not decide sees every decision control greyed out, saying why.
  const denied = usePermissions()('decide');
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <button type="button" onClick={p.onSelectAll} data-testid="select-all">
        {t('review.actions.selectAll')}
      </button>
      {p.count > 0 && (
        <>
          <span className="selected-count" data-testid="selected-count">
            {t('review.actions.selected', { count: p.count })}
          </span>
          <select
            data-testid="bulk-label"
            aria-label={t('review.actions.setLabel')}
            value=""
            disabled={denied !== undefined}
            title={denied}
            onChange={(e) => e.target.value && p.onLabel(e.target.value)}
          >
            <option value="">{t('review.actions.setLabel')}…</option>
            {p.labels.map((l) => (
              <option key={l.key} value={l.key}>
                {l.name}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={p.onValidate} disabled={denied !== undefined} title={denied} data-testid="bulk-validate">
            {t('review.actions.validate')}
          </button>
          <button type="button" className="danger" onClick={p.onReject} disabled={denied !== undefined} title={denied} data-testid="bulk-reject">
            {t('review.actions.reject')}
          </button>
          <button type="button" className="link" onClick={p.onClear}>
            {t('review.actions.clearSelection')}
          </button>
        </>
      )}
      <span className="spacer" />
      <button type="button" onClick={p.onUndo} disabled={!p.canUndo || denied !== undefined} title={denied} data-testid="undo">
        {t('review.actions.undo')}
      </button>
      <button type="button" onClick={p.onRedo} disabled={!p.canRedo || denied !== undefined} title={denied} data-testid="redo">
        {t('review.actions.redo')}
      </button>
      <button type="button" onClick={p.onHelp} aria-label={t('review.actions.help')} title={t('review.actions.help')}>
        ?
      </button>
    </div>
  );
}
