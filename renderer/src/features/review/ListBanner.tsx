import { useTranslation } from 'react-i18next';
import type { GridList } from './types.js';

/** Says which list the grid shows instead of the whole catalogue, with the way back. */
export function ListBanner({ list, onBack }: { list: GridList; onBack(): void }) {
  const { t } = useTranslation();
  return (
    <div className="list-banner" role="status" data-testid="list-banner" data-kind={list.kind}>
      <span>{t(`review.list.${list.kind}`, { count: list.ids.length, ...list.detail })}</span>
      {list.detail?.mode !== undefined && <span className="list-mode">{t(`review.list.mode.${list.detail.mode}`, { ...list.detail })}</span>}
      <button type="button" onClick={onBack} data-testid="list-back">
        {t('review.list.back')}
      </button>
    </div>
  );
}
