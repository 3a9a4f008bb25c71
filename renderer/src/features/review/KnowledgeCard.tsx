import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
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

function toEdit(e: KnowledgeEntry): KnowledgeEdit {
  return {
    key: e.key,
    name: e.name,
    altNames: e.altNames,
    region: e.region,
    theme: e.theme,
    meaningId: e.meaningId,
    meaningEn: e.meaningEn,
    sources: e.sources,
    caveats: e.caveats,
  };
}

export interface KnowledgeCardProps {
  api: ReviewApi;
  label: string;
  labelName(k: string | null): string;
  /** Offer to create an entry when there is none (motif facets); otherwise show nothing. */
  offerCreate: boolean;
}

/** What is known about a motif: kind, origin, meaning (Indonesian and English) and sources; editable and audited. */
export function KnowledgeCard({ api, label, labelName, offerCreate }: KnowledgeCardProps) {
  const { t, i18n } = useTranslation();
  const [entry, setEntry] = useState<KnowledgeEntry | null | undefined>(undefined);
  const [draft, setDraft] = useState<KnowledgeEdit | null>(null);
  const [sourcesText, setSourcesText] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setEntry(undefined);
    setDraft(null);
    setError(null);
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
    const base: KnowledgeEdit = entry
      ? toEdit(entry)
      : { key: label, name: labelName(label), altNames: [], region: null, theme: null, meaningId: null, meaningEn: null, sources: [], caveats: null };
    setDraft(base);
    setSourcesText(sourcesToText(base.sources));
  };

  const save = async () => {
    if (!draft) return;
    try {
      setEntry(await api.editKnowledge({ ...draft, sources: textToSources(sourcesText, draft.sources) }));
      setDraft(null);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (entry === undefined) return null;
  if (entry === null && !offerCreate && !error) return null;

  if (draft) {
    const field = (name: 'region' | 'theme' | 'meaningId' | 'meaningEn' | 'caveats', multiline = false) => (
      <label>
        {t(`review.knowledge.${name}`)}
        {multiline ? (
          <textarea rows={3} data-testid={`knowledge-${name}`} value={draft[name] ?? ''} onChange={(e) => setDraft({ ...draft, [name]: e.target.value || null })} />
        ) : (
          <input data-testid={`knowledge-${name}`} value={draft[name] ?? ''} onChange={(e) => setDraft({ ...draft, [name]: e.target.value || null })} />
        )}
      </label>
    );
    return (
      <section className="knowledge editing" data-testid="knowledge-card">
        <h3>{t('review.knowledge.title')}</h3>
        <label>
          {t('review.knowledge.name')}
          <input data-testid="knowledge-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          {t('review.knowledge.altNames')} <span className="muted">({t('review.knowledge.listHint')})</span>
          <textarea rows={2} value={draft.altNames.join('\n')} onChange={(e) => setDraft({ ...draft, altNames: lines(e.target.value) })} />
        </label>
        {field('region')}
        {field('theme')}
        {field('meaningId', true)}
        {field('meaningEn', true)}
        <label>
          {t('review.knowledge.sources')} <span className="muted">({t('review.knowledge.sourcesHint')})</span>
          <textarea rows={3} value={sourcesText} onChange={(e) => setSourcesText(e.target.value)} />
        </label>
        {field('caveats', true)}
        {error && <p className="error-text">{error}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={() => setDraft(null)}>
            {t('review.knowledge.cancel')}
          </button>
          <button type="button" className="primary" data-testid="knowledge-save" onClick={() => void save()} disabled={!draft.name.trim()}>
            {t('review.knowledge.save')}
          </button>
        </div>
      </section>
    );
  }

  const en = i18n.language === 'en';
  const meanings: [string, string | null | undefined, string][] = en
    ? [
        ['meaningEn', entry?.meaningEn, 'en'],
        ['meaningId', entry?.meaningId, 'id'],
      ]
    : [
        ['meaningId', entry?.meaningId, 'id'],
        ['meaningEn', entry?.meaningEn, 'en'],
      ];
  return (
    <section className="knowledge" data-testid="knowledge-card">
      <h3>
        {t('review.knowledge.title')}
        <button type="button" className="link" data-testid="knowledge-edit" onClick={startEdit}>
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
          {entry.region && (
            <>
              <dt>{t('review.knowledge.region')}</dt>
              <dd>{entry.region}</dd>
            </>
          )}
          {entry.theme && (
            <>
              <dt>{t('review.knowledge.theme')}</dt>
              <dd>{entry.theme}</dd>
            </>
          )}
          {meanings
            .filter(([, text]) => text)
            .map(([key, text, lang]) => (
              <div key={key}>
                <dt>{t(`review.knowledge.${key}`)}</dt>
                <dd lang={lang}>{text}</dd>
              </div>
            ))}
          {entry.caveats && (
            <>
              <dt>{t('review.knowledge.caveats')}</dt>
              <dd className="muted">{entry.caveats}</dd>
            </>
          )}
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
