import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FacetKey, type Facet } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useFacetName } from '../../components/FacetOptions.js';

/** "Asal Daerah" → "asal-daerah": a facet key as the contract accepts it (lowercase, starting with a letter). */
export function facetKeyFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 64);
}

/**
 * The catalogue's facets and their labels, and the two changes an archive
 * makes to them: a new facet of its own (origin, technique…), whose first
 * model then trains by itself once every label has enough reviewed
 * examples, and a label added to a facet. Errors come from the core in the
 * interface language.
 */
export function FacetsSection({ facets, onCreated }: { facets: readonly Facet[]; onCreated(key: string): void }) {
  const client = useClient();
  const { t } = useTranslation();
  const facetName = useFacetName();
  const [nameId, setNameId] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [key, setKey] = useState<string | null>(null); // null: follow the Indonesian name
  const [labels, setLabels] = useState('');
  const [newLabel, setNewLabel] = useState<Record<string, string>>({});
  // Per facet: the label being renamed (its key) and the new name.
  const [renaming, setRenaming] = useState<Record<string, { label: string; name: string }>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const keyShown = key ?? facetKeyFrom(nameId);
  const labelList = labels.split('\n').map((l) => l.trim()).filter(Boolean);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    // The contract's rule, said in the interface language rather than as the core's schema message.
    if (!FacetKey.safeParse(keyShown).success) {
      setError(t('learn.facets.keyRule', { key: keyShown }));
      return;
    }
    try {
      const f = await client.call('facet.create', { key: keyShown, nameId, nameEn, labels: labelList });
      setNameId('');
      setNameEn('');
      setKey(null);
      setLabels('');
      setDone(t('learn.facets.created', { name: facetName(f), count: f.labels.length }));
      onCreated(f.key);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const addLabel = async (facet: string) => {
    setError(null);
    setDone(null);
    try {
      await client.call('facet.addLabel', { facet, name: newLabel[facet] ?? '' });
      setNewLabel((m) => ({ ...m, [facet]: '' }));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const rename = async (facet: string) => {
    const r = renaming[facet];
    if (!r) return;
    setError(null);
    setDone(null);
    try {
      await client.call('facet.renameLabel', { facet, label: r.label, name: r.name });
      setRenaming((m) => ({ ...m, [facet]: { label: r.label, name: '' } }));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="learn-facets" data-testid="learn-facets" aria-labelledby="learn-facets-title">
      <h4 id="learn-facets-title">{t('learn.facets.title')}</h4>
      <ul className="learn-facet-list">
        {facets.map((f) => (
          <li key={f.key} data-testid={`learn-facet-${f.key}`}>
            <b>{facetName(f)}</b> <span className="learn-hint">({f.key})</span>: {f.labels.map((l) => l.name).join(', ')}{' '}
            <span className="learn-add-label">
              <input
                type="text"
                aria-label={t('learn.facets.newLabelOf', { name: facetName(f) })}
                placeholder={t('learn.facets.newLabel')}
                value={newLabel[f.key] ?? ''}
                onChange={(e) => setNewLabel((m) => ({ ...m, [f.key]: e.target.value }))}
                data-testid={`learn-add-label-${f.key}`}
              />
              <button type="button" onClick={() => void addLabel(f.key)} disabled={!(newLabel[f.key] ?? '').trim()}>
                {t('learn.facets.addLabel')}
              </button>
            </span>
            <span className="learn-add-label">
              <select
                aria-label={t('learn.facets.renameWhich', { name: facetName(f) })}
                value={renaming[f.key]?.label ?? ''}
                onChange={(e) => setRenaming((m) => ({ ...m, [f.key]: { label: e.target.value, name: m[f.key]?.name ?? '' } }))}
                data-testid={`learn-rename-which-${f.key}`}
              >
                <option value="">{t('learn.facets.renamePick')}</option>
                {f.labels.map((l) => (
                  <option key={l.key} value={l.key}>
                    {l.name}
                  </option>
                ))}
              </select>
              <input
                type="text"
                aria-label={t('learn.facets.renameTo')}
                placeholder={t('learn.facets.renameTo')}
                value={renaming[f.key]?.name ?? ''}
                onChange={(e) => setRenaming((m) => ({ ...m, [f.key]: { label: m[f.key]?.label ?? '', name: e.target.value } }))}
                data-testid={`learn-rename-to-${f.key}`}
              />
              <button type="button" onClick={() => void rename(f.key)} disabled={!renaming[f.key]?.label || !renaming[f.key]?.name.trim()}>
                {t('learn.facets.rename')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <form className="learn-new-facet" onSubmit={(e) => void create(e)} data-testid="learn-new-facet">
        <h5>{t('learn.facets.new')}</h5>
        <label>
          {t('learn.facets.nameId')}
          <input type="text" value={nameId} onChange={(e) => setNameId(e.target.value)} data-testid="facet-name-id" />
        </label>
        <label>
          {t('learn.facets.nameEn')}
          <input type="text" value={nameEn} onChange={(e) => setNameEn(e.target.value)} data-testid="facet-name-en" />
        </label>
        <label>
          {t('learn.facets.key')}
          <input type="text" value={keyShown} onChange={(e) => setKey(e.target.value)} data-testid="facet-key" />
        </label>
        <label>
          {t('learn.facets.labels')}
          <textarea rows={4} value={labels} onChange={(e) => setLabels(e.target.value)} data-testid="facet-labels" />
        </label>
        <p className="learn-hint">{t('learn.facets.hint')}</p>
        <button type="submit" disabled={!nameId.trim() || !nameEn.trim() || !keyShown || labelList.length < 2} data-testid="facet-create">
          {t('learn.facets.create')}
        </button>
      </form>
      {done && (
        <p role="status" data-testid="learn-facets-done">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="error-text" data-testid="learn-facets-error">
          {error}
        </p>
      )}
    </section>
  );
}
