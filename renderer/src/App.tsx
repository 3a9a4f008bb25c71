import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueInfo, Facet } from '../../electron/common/contract/index.js';
import { useClient } from './api/context.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';

export function App() {
  const client = useClient();
  const { t } = useTranslation();
  const [info, setInfo] = useState<CatalogueInfo | null>(null);
  const [facets, setFacets] = useState<Facet[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [i, f] = await Promise.all([client.call('catalogue.info', {}), client.call('facet.list', {})]);
      setInfo(i);
      setFacets(f);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed' || (event.type === 'job' && event.job.state !== 'running')) void refresh();
    });
  }, [client, refresh]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span className="subtitle">{t('app.subtitle')}</span>
        </div>
        <div className="header-meta">
          {info && (
            <span className="catalogue-path" title={info.path}>
              {t('app.catalogue')}: {info.path.split(/[\\/]/).pop()}
            </span>
          )}
          <span className="transport">{t(`app.transport.${client.transport}`)}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main className="app-main">
        {error && (
          <div role="alert" className="error-banner">
            {t('app.error')}: {error}
          </div>
        )}
        {!info && !error && <p>{t('app.loading')}</p>}
        {info && (
          <section className="summary" data-testid="catalogue-summary">
            <ul className="counts">
              <li data-testid="count-images">{t('counts.images', { count: info.counts.images })}</li>
              <li>{t('counts.predicted', { count: info.counts.predicted })}</li>
              <li>{t('counts.reviewed', { count: info.counts.reviewed })}</li>
            </ul>
            {info.counts.images === 0 && (
              <div className="empty-state" data-testid="empty-catalogue">
                <h2>{t('empty.title')}</h2>
                <p>{t('empty.body')}</p>
              </div>
            )}
            <h3>{t('facets.title')}</h3>
            <ul className="facets">
              {facets.map((f) => (
                <li key={f.key}>
                  <strong>{f.nameId}</strong> — {f.labels.map((l) => l.name).join(', ')}
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
