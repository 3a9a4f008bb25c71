import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { EMPTY_FILTER, SORTS, STATUSES, type FolderOption, type GridFilter, type GridSort, type ModelOption, type ReviewApi, type ReviewStatus, type RootOption } from './types.js';

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
  /** Bumped when the catalogue changed elsewhere (an import adds folders). */
  refreshKey?: number;
}

function percent(v: number | null): string {
  return v === null ? '' : String(Math.round(v * 100));
}

/** A percent field's text as a fraction: null when empty, undefined when it is no number from 0 to 100. */
function fromPercent(s: string): number | null | undefined {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : undefined;
}

/** Filter and sort controls; every change becomes one query in SQLite. */
export function FilterBar({ api, facet, labels, filter, sort, onFilter, onSort, onSuggest, suggesting = false, refreshKey = 0 }: FilterBarProps) {
  const { t } = useTranslation();
  const [roots, setRoots] = useState<RootOption[]>([]);
  const [models, setModels] = useState<ModelOption[]>([]);

  // Asked again whenever the catalogue changed: an import adds folders, an activation changes the versions shown.
  useEffect(() => {
    let alive = true;
    api.roots().then((r) => alive && setRoots(r), () => {});
    api.modelVersions(facet).then((m) => alive && setModels(m), () => {});
    return () => {
      alive = false;
    };
  }, [api, facet, refreshKey]);

  const set = (patch: Partial<GridFilter>) => onFilter({ ...filter, ...patch });
  // "Clear filters" also clears a range typed but never applied (the filter's own values may not change).
  const [cleared, setCleared] = useState(0);

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
      <ConfidenceRange
        key={cleared}
        min={filter.minConfidence}
        max={filter.maxConfidence}
        onChange={(minConfidence, maxConfidence) => set({ minConfidence, maxConfidence })}
      />
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
          {/* Only versions whose predictions are in the grid (one activated but never run matches nothing), each with how many; the chosen one stays listed. */}
          {models
            .filter((m) => m.images > 0 || m.version === filter.modelVersion)
            .map((m) => (
              <option key={m.version} value={m.version}>
                {t('review.filter.modelImages', { version: m.version, count: m.images })}
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
      <FolderField api={api} facet={facet} rootId={filter.rootId} value={filter.folder} refreshKey={refreshKey} onChange={(folder) => set({ folder })} />
      <label className="search">
        {t('review.filter.text')}
        <TypedInput testId="filter-text" value={filter.text} placeholder={t('review.filter.textPlaceholder')} onCommit={(text) => set({ text })} />
      </label>
      <label>
        {t('review.sort.label')}
        <select
          data-testid="sort"
          value={sort}
          title={sort === 'uncertainty' ? t('review.sort.uncertaintyTitle') : undefined}
          onChange={(e) => onSort(e.target.value as GridSort)}
        >
          {(filter.ids ? (['given', ...SORTS] as GridSort[]) : SORTS).map((s) => (
            <option key={s} value={s} title={s === 'uncertainty' ? t('review.sort.uncertaintyTitle') : undefined}>
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
      <button
        type="button"
        className="link"
        onClick={() => {
          setCleared((n) => n + 1);
          onFilter(EMPTY_FILTER);
        }}
      >
        {t('review.filter.clear')}
      </button>
    </div>
  );
}

/** "\\Kotak 01\\Desa/" → "kotak 01/desa": what the core compares a typed folder by (see core review/folders.ts). */
function foldFolder(folder: string): string {
  return folder.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '').normalize('NFC').toLowerCase();
}

/** Suggestions offered at most: the browser lists them all, so a catalogue with thousands of folders is cut. */
const MAX_FOLDER_OPTIONS = 1000;

/**
 * The subfolder field: the catalogue's folders as suggestions while typing,
 * matched ignoring case as the core does, and a note beside the field when
 * no folder is called what was typed (with folders containing it to pick).
 */
function FolderField({ api, facet, rootId, value, refreshKey, onChange }: { api: ReviewApi; facet: string; rootId: number | null; value: string; refreshKey: number; onChange(folder: string): void }) {
  const { t } = useTranslation();
  const [folders, setFolders] = useState<FolderOption[] | null>(null);
  useEffect(() => {
    let alive = true;
    api.folders(facet, rootId).then(
      (f) => alive && setFolders(f),
      () => alive && setFolders(null),
    );
    return () => {
      alive = false;
    };
  }, [api, facet, rootId, refreshKey]);

  const typed = foldFolder(value);
  // Unknown until the list has come (or when it failed): say nothing rather than something wrong.
  const none = typed !== '' && folders !== null && !folders.some((f) => foldFolder(f.path) === typed);
  const near = none ? folders!.filter((f) => foldFolder(f.path).includes(typed)).slice(0, 3) : [];
  return (
    <span className="folder-field">
      <label>
        {t('review.filter.folder')}
        <TypedInput
          testId="filter-folder"
          value={value}
          placeholder={t('review.filter.folderPlaceholder')}
          list="filter-folder-options"
          describedBy={none ? 'filter-folder-none' : undefined}
          onCommit={onChange}
        />
      </label>
      <datalist id="filter-folder-options" data-testid="filter-folder-options">
        {(folders ?? []).slice(0, MAX_FOLDER_OPTIONS).map((f) => (
          <option key={f.path} value={f.path} label={t('review.filter.folderImages', { count: f.images })} />
        ))}
      </datalist>
      {none && (
        <span id="filter-folder-none" className="error-text" role="status" data-testid="filter-folder-none">
          {t('review.filter.folderNone', { folder: value.trim() })}
          {near.length > 0 && ` ${t('review.filter.folderDidYouMean')} `}
          {near.map((f) => (
            <button key={f.path} type="button" className="link" onClick={() => onChange(f.path)}>
              {f.path}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}

/** A text field that reports its value after a pause in typing (or on Enter), not on every key. */
function TypedInput({
  value,
  placeholder,
  testId,
  list,
  describedBy,
  onCommit,
}: {
  value: string;
  placeholder: string;
  testId: string;
  list?: string;
  describedBy?: string;
  onCommit(v: string): void;
}) {
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
      list={list}
      aria-describedby={describedBy}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && onCommit(draft)}
    />
  );
}

/**
 * The confidence range in percent. What the user types is checked here (each
 * end 0–100, minimum not above maximum) and said next to the fields; only a
 * possible range reaches the filter, so no query is sent that can only fail.
 */
function ConfidenceRange({ min, max, onChange }: { min: number | null; max: number | null; onChange(min: number | null, max: number | null): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ min: percent(min), max: percent(max) });
  const [prev, setPrev] = useState({ min, max });
  if (prev.min !== min || prev.max !== max) {
    setPrev({ min, max });
    // Changed elsewhere ("clear filters", a list): show it. A range taken from the fields keeps the text as typed.
    if (fromPercent(draft.min) !== min || fromPercent(draft.max) !== max) setDraft({ min: percent(min), max: percent(max) });
  }
  const lo = fromPercent(draft.min);
  const hi = fromPercent(draft.max);
  const inverted = lo != null && hi != null && lo > hi;
  const problem =
    lo === undefined || hi === undefined
      ? t('review.filter.confidenceOutside')
      : inverted
        ? t('review.filter.confidenceInverted', { min: draft.min.trim(), max: draft.max.trim() })
        : null;

  const edit = (end: 'min' | 'max', text: string) => {
    const next = { ...draft, [end]: text };
    setDraft(next);
    const a = fromPercent(next.min);
    const b = fromPercent(next.max);
    if (a === undefined || b === undefined || (a !== null && b !== null && a > b)) return;
    if (a !== min || b !== max) onChange(a, b);
  };

  return (
    <fieldset className="range">
      <legend>{t('review.filter.confidence')}</legend>
      <input
        type="number"
        min={0}
        max={100}
        data-testid="filter-min"
        aria-label={`${t('review.filter.confidence')} ${t('review.filter.min')}`}
        aria-invalid={lo === undefined || inverted}
        aria-describedby={problem ? 'filter-confidence-error' : undefined}
        placeholder={t('review.filter.min')}
        value={draft.min}
        onChange={(e) => edit('min', e.target.value)}
      />
      <span>–</span>
      <input
        type="number"
        min={0}
        max={100}
        data-testid="filter-max"
        aria-label={`${t('review.filter.confidence')} ${t('review.filter.max')}`}
        aria-invalid={hi === undefined || inverted}
        aria-describedby={problem ? 'filter-confidence-error' : undefined}
        placeholder={t('review.filter.max')}
        value={draft.max}
        onChange={(e) => edit('max', e.target.value)}
      />
      {problem && (
        <span id="filter-confidence-error" className="error-text" role="alert" data-testid="filter-confidence-error">
          {problem}
        </span>
      )}
    </fieldset>
  );
}
