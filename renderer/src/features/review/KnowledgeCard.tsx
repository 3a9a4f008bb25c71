import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../components/permissions.js';
import type { KnowledgeEdit, KnowledgeEntry, ReviewApi } from './types.js';

const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const URL_RE = /(https?:\/\/\S+)/;

/** Sources are edited one per line: "Title https://…" (the link is optional). */
function sourcesToText(sources: KnowledgeEdit['sources']): string {
  return sources.map((s) => [s.title, s.url].filter(Boolean).join(' ')).join('\n');
}

function textToSources(text: string, before: KnowledgeEdit['sources']): KnowledgeEdit['sources'] {
  return lines(text).map((line) => {
    const url = line.match(URL_RE)?.[1] ?? null;
    const title = (url ? line.replace(url, '') : line).trim() || url || line;
    const old = before.find((s) => s.title === title);
    return { title, url, note: old?.note ?? null };
  });
}

type Lang = 'id' | 'en';
/** Fields written once per language (`regionId`, `regionEn`, …), in the card's order. */
const BILINGUAL = ['region', 'theme', 'meaning', 'caveats'] as const;
type Bilingual = (typeof BILINGUAL)[number];
type TextField = `${Bilingual}${'Id' | 'En'}`;
const MULTILINE: ReadonlySet<Bilingual> = new Set(['meaning', 'caveats']);
const fieldOf = (f: Bilingual, lang: Lang): TextField => `${f}${lang === 'id' ? 'Id' : 'En'}`;

/**
 * A field's text in the interface language, else in the other one: a text in
 * the wrong language beats no text, as long as the card says which it is.
 */
function pick(e: KnowledgeEntry, f: Bilingual, ui: Lang): { text: string; lang: Lang; fallback: boolean } | null {
  const other: Lang = ui === 'id' ? 'en' : 'id';
  const own = e[fieldOf(f, ui)];
  if (own) return { text: own, lang: ui, fallback: false };
  const theirs = e[fieldOf(f, other)];
  return theirs ? { text: theirs, lang: other, fallback: true } : null;
}

function toEdit(e: KnowledgeEntry): KnowledgeEdit {
  return {
    key: e.key,
    name: e.name,
    altNames: e.altNames,
    regionId: e.regionId,
    regionEn: e.regionEn,
    themeId: e.themeId,
    themeEn: e.themeEn,
    meaningId: e.meaningId,
    meaningEn: e.meaningEn,
    sources: e.sources,
    caveatsId: e.caveatsId,
    caveatsEn: e.caveatsEn,
  };
}

function emptyEdit(key: string, name: string): KnowledgeEdit {
  return {
    key,
    name,
    altNames: [],
    regionId: null,
    regionEn: null,
    themeId: null,
    themeEn: null,
    meaningId: null,
    meaningEn: null,
    sources: [],
    caveatsId: null,
    caveatsEn: null,
  };
}

export interface KnowledgeCardProps {
  api: ReviewApi;
  /** The motif the image shows; null when it shows none (rejected, no prediction). */
  label: string | null;
  labelName(k: string | null): string;
  /** Offer to create an entry when there is none (motif facets); otherwise show nothing. */
  offerCreate: boolean;
}

/**
 * What is known about a motif: kind, origin, meaning, caveats and sources,
 * each text in the interface language where there is one; editable in both
 * languages and audited.
 */
export function KnowledgeCard({ api, label, labelName, offerCreate }: KnowledgeCardProps) {
  const { t, i18n } = useTranslation();
  const editDenied = usePermissions()('knowledge');
  const [entry, setEntry] = useState<KnowledgeEntry | null | undefined>(undefined);
  const [draft, setDraft] = useState<KnowledgeEdit | null>(null);
  const [sourcesText, setSourcesText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // An edit with changes stays open, for its own motif, when the view moves to
  // another image: typed text is never dropped by stepping on.
  const changed = useRef(false);
  const edit = (next: KnowledgeEdit) => {
    changed.current = true;
    setDraft(next);
  };

  useEffect(() => {
    let alive = true;
    setEntry(undefined);
    if (!changed.current) setDraft(null);
    setError(null);
    if (label === null) {
      setEntry(null);
      return;
    }
    api.knowledge(label).then(
      (k) => alive && setEntry(k),
      (err: Error) => {
        if (!alive) return;
        setEntry(null);
        setError(err.message);
      },
    );
    return () => {
      alive = false;
    };
  }, [api, label]);

  const startEdit = () => {
    if (label === null) return;
    const base: KnowledgeEdit = entry ? toEdit(entry) : emptyEdit(label, labelName(label));
    changed.current = false;
    setDraft(base);
    setSourcesText(sourcesToText(base.sources));
  };

  const close = () => {
    changed.current = false;
    setDraft(null);
  };

  const save = async () => {
    if (!draft) return;
    try {
      const saved = await api.editKnowledge({ ...draft, sources: textToSources(sourcesText, draft.sources) });
      // An edit kept from an earlier image saves that motif; this image's card stays as loaded.
      if (draft.key === label) setEntry(saved);
      close();
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (draft) {
    // Indonesian above English for every field, as the meaning always was.
    const field = (f: Bilingual, lang: Lang) => {
      const name = fieldOf(f, lang);
      const props = {
        'data-testid': `knowledge-${name}`,
        lang,
        value: draft[name] ?? '',
        onChange: (e: { target: { value: string } }) => edit({ ...draft, [name]: e.target.value || null }),
      };
      return (
        <label key={name}>
          {t(`review.knowledge.${name}`)}
          {MULTILINE.has(f) ? <textarea rows={3} {...props} /> : <input {...props} />}
        </label>
      );
    };
    const both = (f: Bilingual) => [field(f, 'id'), field(f, 'en')];
    return (
      <section className="knowledge editing" data-testid="knowledge-card">
        <h3>{t('review.knowledge.title')}</h3>
        {draft.key !== label && (
          <p className="muted" data-testid="knowledge-kept">
            {t('review.knowledge.keptFromEarlier', { name: draft.name || draft.key })}
          </p>
        )}
        <label>
          {t('review.knowledge.name')}
          <input data-testid="knowledge-name" value={draft.name} onChange={(e) => edit({ ...draft, name: e.target.value })} />
        </label>
        <label>
          {t('review.knowledge.altNames')} <span className="muted">({t('review.knowledge.listHint')})</span>
          <textarea rows={2} value={draft.altNames.join('\n')} onChange={(e) => edit({ ...draft, altNames: lines(e.target.value) })} />
        </label>
        {both('region')}
        {both('theme')}
        {both('meaning')}
        <label>
          {t('review.knowledge.sources')} <span className="muted">({t('review.knowledge.sourcesHint')})</span>
          <textarea
            rows={3}
            value={sourcesText}
            onChange={(e) => {
              changed.current = true;
              setSourcesText(e.target.value);
            }}
          />
        </label>
        {both('caveats')}
        {error && <p className="error-text">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={close} data-testid="knowledge-cancel">
            {t('review.knowledge.cancel')}
          </button>
          <button type="button" className="primary" data-testid="knowledge-save" onClick={() => void save()} disabled={!draft.name.trim()}>
            {t('review.knowledge.save')}
          </button>
        </div>
      </section>
    );
  }

  if (entry === undefined || label === null) return null;
  if (entry === null && !offerCreate && !error) return null;

  const ui: Lang = i18n.language.startsWith('en') ? 'en' : 'id';
  return (
    <section className="knowledge" data-testid="knowledge-card">
      <h3>
        {t('review.knowledge.title')}
        <button type="button" className="link" data-testid="knowledge-edit" onClick={startEdit} disabled={editDenied !== undefined} title={editDenied}>
          {t('review.knowledge.edit')}
        </button>
      </h3>
      {error && <p className="error-text">{error}</p>}
      {!entry ? (
        <p className="muted">{t('review.knowledge.none')}</p>
      ) : (
        <dl>
          <dt>{t('review.knowledge.name')}</dt>
          <dd>
            <strong>{entry.name}</strong>
            {entry.altNames.length > 0 && <span className="muted"> ({entry.altNames.join(', ')})</span>}
          </dd>
          {BILINGUAL.map((f) => {
            const shown = pick(entry, f, ui);
            if (!shown) return null;
            return (
              <Fragment key={f}>
                <dt>{t(`review.knowledge.${f}`)}</dt>
                <dd lang={shown.lang} className={f === 'caveats' ? 'muted' : undefined} data-testid={`knowledge-show-${f}`}>
                  {shown.text}
                  {shown.fallback && (
                    <span className="muted knowledge-fallback" lang={ui} data-testid="knowledge-fallback">
                      {' '}
                      ({shown.lang === 'en' ? t('review.knowledge.onlyEn') : t('review.knowledge.onlyId')})
                    </span>
                  )}
                </dd>
              </Fragment>
            );
          })}
          {entry.sources.length > 0 && (
            <>
              <dt>{t('review.knowledge.sources')}</dt>
              <dd>
                <ul className="sources">
                  {entry.sources.map((s) => (
                    <li key={s.title}>
                      {s.title}
                      {s.url && <span className="muted"> — {s.url}</span>}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {entry.updatedBy && (
            <dd className="muted">
              {t('review.knowledge.updated', { who: entry.updatedBy, when: new Date(entry.updatedAt).toLocaleString(i18n.language) })}
            </dd>
          )}
        </dl>
      )}
    </section>
  );
}
