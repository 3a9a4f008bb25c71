import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { EMPTY_FILTER, SORTS, STATUSES, type GridFilter, type GridSort, type ReviewApi, type ReviewStatus, type RootOption } from './types.js';

export interface FilterBarProps {
  api: ReviewApi;
  facet: string;
  labels: Label[];
  filter: GridFilter;
  sort: GridSort;
  onFilter(f: GridFilter): void;
  onSort(s: GridSort): void;
  /** Show the "suggested next" images of active learning (absent: no button). */
  onSuggest?(): void;
  suggesting?: boolean;
}

function percent(v: number | null): string {
  return v === null ? '' : String(Math.round(v * 100));
}

function fromPercent(s: string): number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) / 100 : null;
}

/** Filter and sort controls; every change becomes one query in SQLite. */
export function FilterBar({ api, facet, labels, filter, sort, onFilter, onSort, onSuggest, suggesting = false }: FilterBarProps) {
  const { t } = useTranslation();
  const [roots, setRoots] = useState<RootOption[]>([]);
  const [models, setModels] = useState<string[]>([]);

  useEffect(() => {
    let alive = true;
    api.roots().then((r) => alive && setRoots(r), () => {});
    api.modelVersions(facet).then((m) => alive && setModels(m), () => {});
    return () => {
      alive = false;
    };
  }, [api, facet]);

  const set = (patch: Partial<GridFilter>) => onFilter({ ...filter, ...patch });

  return (
    <div className="filter-bar" data-testid="filter-bar">
      <label>
        {t('review.filter.label')}
        <select data-testid="filter-label" value={filter.labels[0] ?? ''} onChange={(e) => set({ labels: e.target.value ? [e.target.value] : [] })}>
          <option value="">{t('review.filter.any')}</option>
          {labels.map((l) => (
            <option key={l.key} value={l.key}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.status')}
        <select
          data-testid="filter-status"
          value={filter.statuses[0] ?? ''}
          onChange={(e) => set({ statuses: e.target.value ? [e.target.value as ReviewStatus] : [] })}
        >
          <option value="">{t('review.filter.any')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`review.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="range">
        <legend>{t('review.filter.confidence')}</legend>
        <input
          type="number"
          min={0}
          max={100}
          data-testid="filter-min"
          aria-label={`${t('review.filter.confidence')} ${t('review.filter.min')}`}
          placeholder={t('review.filter.min')}
          value={percent(filter.minConfidence)}
          onChange={(e) => set({ minConfidence: fromPercent(e.target.value) })}
        />
        <span>–</span>
        <input
          type="number"
          min={0}
          max={100}
          data-testid="filter-max"
          aria-label={`${t('review.filter.confidence')} ${t('review.filter.max')}`}
          placeholder={t('review.filter.max')}
          value={percent(filter.maxConfidence)}
          onChange={(e) => set({ maxConfidence: fromPercent(e.target.value) })}
        />
      </fieldset>
      <label>
        {t('review.filter.root')}
        <select data-testid="filter-root" value={filter.rootId ?? ''} onChange={(e) => set({ rootId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('review.filter.allRoots')}</option>
          {roots.map((r) => (
            <option key={r.id} value={r.id} title={r.path}>
              {r.path.split(/[\\/]/).filter(Boolean).pop() ?? r.path}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.model')}
        <select data-testid="filter-model" value={filter.modelVersion ?? ''} onChange={(e) => set({ modelVersion: e.target.value || null })}>
          <option value="">{t('review.filter.allModels')}</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.duplicates')}
        <select
          data-testid="filter-dup"
          value={filter.hasDuplicate === null ? '' : filter.hasDuplicate ? 'yes' : 'no'}
          onChange={(e) => set({ hasDuplicate: e.target.value === '' ? null : e.target.value === 'yes' })}
        >
          <option value="">{t('review.filter.any')}</option>
          <option value="yes">{t('review.filter.dupYes')}</option>
          <option value="no">{t('review.filter.dupNo')}</option>
        </select>
      </label>
      <label>
        {t('review.filter.folder')}
        <TypedInput testId="filter-folder" value={filter.folder} placeholder={t('review.filter.folderPlaceholder')} onCommit={(folder) => set({ folder })} />
      </label>
      <label className="search">
        {t('review.filter.text')}
        <TypedInput testId="filter-text" value={filter.text} placeholder={t('review.filter.textPlaceholder')} onCommit={(text) => set({ text })} />
      </label>
      <label>
        {t('review.sort.label')}
        <select data-testid="sort" value={sort} onChange={(e) => onSort(e.target.value as GridSort)}>
          {(filter.ids ? (['given', ...SORTS] as GridSort[]) : SORTS).map((s) => (
            <option key={s} value={s}>
              {t(`review.sort.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {onSuggest && (
        <button type="button" onClick={onSuggest} disabled={suggesting} data-testid="suggest-next" title={t('review.list.suggestTitle')}>
          {suggesting ? t('review.list.suggesting') : t('review.list.suggest')}
        </button>
      )}
      <button type="button" className="link" onClick={() => onFilter(EMPTY_FILTER)}>
        {t('review.filter.clear')}
      </button>
    </div>
  );
}

/** A text field that reports its value after a pause in typing (or on Enter), not on every key. */
function TypedInput({ value, placeholder, testId, onCommit }: { value: string; placeholder: string; testId: string; onCommit(v: string): void }) {
  const [draft, setDraft] = useState(value);
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    // the filter was changed elsewhere (e.g. "clear filters")
    setPrev(value);
    setDraft(value);
  }
  // The latest callback, without restarting the pause timer on every parent render.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commit.current(draft), 300);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <input
      type="search"
      data-testid={testId}
      placeholder={placeholder}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(draft)}
    />
  );
}
