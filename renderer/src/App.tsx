import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { CurrentFacetContext } from './components/currentFacet.js';
import { FacetOptions } from './components/FacetOptions.js';
import type { CallName, CatalogueInfo, Facet, GridCounts } from '../../electron/common/contract/index.js';
import { askingForValidator } from './api/askingForValidator.js';
import { ClientContext, useClient } from './api/context.js';
import { LANGUAGE_KEY, LanguageSwitch } from './components/LanguageSwitch.js';
import { ValidatorPrompt } from './components/ValidatorPrompt.js';
import { ReviewWorkspace } from './features/review/ReviewWorkspace.js';
import { CurrentGridViewContext, type GridView } from './features/review/currentView.js';
import { createReviewApi } from './features/review/reviewApi.js';
import { OpenInGridContext } from './features/review/openInGrid.js';
import type { GridList } from './features/review/types.js';
import { ExportPanel } from './features/export/ExportPanel.js';
import { ClassifyPanel } from './features/classify/ClassifyPanel.js';
import { ClassifyRunContext, OpenClassifyContext, type ClassifyRun } from './features/classify/openClassify.js';
import { ImportPanel } from './features/import/ImportPanel.js';
import { ModelsPanel } from './features/learn/ModelsPanel.js';
import { UsersPanel } from './features/team/UsersPanel.js';
import { mayCall, readOnly, useTeam } from './features/team/team.js';
import { ValidationPanel } from './features/validation/ValidationPanel.js';
import { BundledModelsBanner } from './features/learn/BundledModelsBanner.js';

/**
 * Panels of the other areas, reachable from the header next to "Review".
 * Each area adds one entry here (and its import above); `titleKey` is an i18n key.
 */
interface ToolPanel {
  key: string;
  titleKey: string;
  Panel: ComponentType;
  /** Shown only to callers who may make this call (team catalogues: by role). */
  needs?: CallName;
  /** Shown only in team catalogues. */
  teamOnly?: boolean;
}
const TOOLS: ToolPanel[] = [
  { key: 'import', titleKey: 'import.title', Panel: ImportPanel, needs: 'import.start' }, // issue 3
  { key: 'classify', titleKey: 'classify.title', Panel: ClassifyPanel }, // issue 4
  { key: 'export', titleKey: 'export.title', Panel: ExportPanel, needs: 'export.csvContent' }, // issue 6
  { key: 'models', titleKey: 'learn.title', Panel: ModelsPanel }, // issue 7
  { key: 'users', titleKey: 'team.users.title', Panel: UsersPanel, needs: 'users.list', teamOnly: true }, // issue 18
  { key: 'validation', titleKey: 'validation.title', Panel: ValidationPanel }, // issue 18: layered validation
];

const FACET_KEY = 'canting.facet';

export function App() {
  const plainClient = useClient();
  const { t, i18n } = useTranslation();
  const { me, signOut } = useTeam();
  const signedIn = me?.user ?? null;
  const tools = TOOLS.filter((x) => mayCall(me, x.needs ?? 'health') && (!x.teamOnly || me?.team));
  const [askValidator, setAskValidator] = useState(false);
  // The validator's name is asked when a call first needs it (a decision, a note), then that call goes on.
  const waitingForName = useRef<((given: boolean) => void)[]>([]);
  const askForName = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        waitingForName.current.push(resolve);
        setAskValidator(true);
      }),
    [],
  );
  const nameAnswered = (given: boolean) => {
    setAskValidator(false);
    for (const resolve of waitingForName.current.splice(0)) resolve(given);
  };
  // A signed-in user signs as themselves (the server records their account): no name is ever asked of them.
  const signsAsUser = signedIn !== null;
  const client = useMemo(() => (signsAsUser ? plainClient : askingForValidator(plainClient, askForName)), [plainClient, askForName, signsAsUser]);
  const reviewApi = useMemo(() => createReviewApi(client), [client]);
  const [info, setInfo] = useState<CatalogueInfo | null>(null);
  const [facets, setFacets] = useState<Facet[]>([]);
  const [facet, setFacet] = useState<string>(() => localStorage.getItem(FACET_KEY) ?? 'motif');
  const [validator, setValidator] = useState<string | null | undefined>(undefined);
  const [view, setView] = useState('review');
  const [refreshKey, setRefreshKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [gridList, setGridList] = useState<GridList | null>(null);
  // What the review grid shows, so the export screen can export exactly that.
  const [gridView, setGridView] = useState<GridView | null>(null);
  // The toolbar's summary is of the chosen facet (a new facet has no predictions even where motif has).
  const [facetCounts, setFacetCounts] = useState<{ facet: string; counts: GridCounts } | null>(null);

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
      if (event.type === 'catalogue-changed' || (event.type === 'job' && event.job.state !== 'running')) {
        void refresh();
        setRefreshKey((k) => k + 1);
      }
    });
  }, [client, refresh]);

  // The validator's name and, where this machine has no choice of its own, the catalogue's language.
  useEffect(() => {
    client.call('settings.get', {}).then(
      (s) => {
        setValidator(s.validator);
        if (!localStorage.getItem(LANGUAGE_KEY) && s.language !== i18n.language) void i18n.changeLanguage(s.language);
      },
      () => setValidator(null),
    );
  }, [client, i18n]);

  const signer = signedIn ? signedIn.displayName : validator;
  useEffect(() => {
    document.title = signer ? `${t('app.title')} — ${signer}` : t('app.title');
  }, [signer, t]);

  const saveValidator = async (name: string) => {
    try {
      setValidator((await client.call('settings.set', { validator: name })).validator);
      nameAnswered(true);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const chooseFacet = (key: string) => {
    localStorage.setItem(FACET_KEY, key);
    setFacet(key);
  };
  // Another screen hands the grid a list of images: show them on the review screen, on the list's facet.
  const openInGrid = useCallback((list: GridList) => {
    localStorage.setItem(FACET_KEY, list.facet);
    setFacet(list.facet);
    setGridList({ ...list });
    setView('review');
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }, []);
  // Another screen started a classification: show it on the classify screen.
  const [classifyRun, setClassifyRun] = useState<ClassifyRun | null>(null);
  const openClassify = useCallback((run: ClassifyRun) => {
    setClassifyRun(run);
    setView('classify');
  }, []);
  const currentFacet = facets.some((f) => f.key === facet) ? facet : (facets[0]?.key ?? null);
  // Asked again on a facet switch and whenever the catalogue changed (refreshKey).
  useEffect(() => {
    if (!currentFacet) return;
    let alive = true;
    reviewApi.facetCounts(currentFacet).then(
      (counts) => alive && setFacetCounts({ facet: currentFacet, counts }),
      () => alive && setFacetCounts(null),
    );
    return () => {
      alive = false;
    };
  }, [reviewApi, currentFacet, refreshKey]);
  const summary = facetCounts?.facet === currentFacet ? facetCounts.counts : null;
  const hasImages = (info?.counts.images ?? 0) > 0;
  const tool = tools.find((x) => x.key === view);
  // A nav button that keeps the focus would take Enter/Space for itself; on the review screen they mean "validate"/"large view".
  const show = (key: string) => {
    setView(key);
    setClassifyRun(null); // opened from the header: the classify screen shows what is running, not an earlier hand-over
    if (key === 'review' && document.activeElement instanceof HTMLElement && document.activeElement.closest('.app-nav')) document.activeElement.blur();
  };

  return (
    <ClientContext.Provider value={client}>
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span className="subtitle">{t('app.subtitle')}</span>
        </div>
        <nav className="app-nav" aria-label={t('app.nav')}>
          <button type="button" className={view === 'review' ? 'active' : ''} onClick={() => show('review')}>
            {t('review.title')}
          </button>
          {tools.map((x) => (
            <button type="button" key={x.key} className={view === x.key ? 'active' : ''} onClick={() => show(x.key)}>
              {t(x.titleKey)}
            </button>
          ))}
        </nav>
        <div className="header-meta">
          {/* In a team catalogue the choice is each person's (this machine's); only a single-seat catalogue remembers it for the catalogue. */}
          <LanguageSwitch onChange={me?.team ? undefined : (language) => void client.call('settings.set', { language }).catch(() => {})} />
          {signedIn ? (
            <span className="signed-in" data-testid="signed-in">
              {t('team.signedInAs')}: <strong>{signedIn.displayName}</strong> ({t(`team.roles.${signedIn.role}`)}){' '}
              <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
                {t('team.signOut')}
              </button>
            </span>
          ) : (
            <button type="button" className="validator" data-testid="validator" title={t('review.validator.change')} onClick={() => setAskValidator(true)}>
              {t('app.validator')}: <strong>{validator ?? t('review.validator.none')}</strong>
            </button>
          )}
          {info && (
            <span className="catalogue-path" title={info.path}>
              {t('app.catalogue')}: {info.path.split(/[\\/]/).pop()}
            </span>
          )}
          <span className="transport">{t(`app.transport.${client.transport}`)}</span>
        </div>
      </header>
      <CurrentFacetContext.Provider value={currentFacet}>
      <CurrentGridViewContext.Provider value={gridView}>
      <main className="app-main">
        {error && (
          <div role="alert" className="error-banner">
            {t('app.error')}: {error}
          </div>
        )}
        <BundledModelsBanner />
        {!info && !error && <p>{t('app.loading')}</p>}
        {signedIn && readOnly(me) && view === 'review' && (
          <p className="notice" data-testid="read-only">
            {t('team.readOnly')}
          </p>
        )}
        {tool && (
          <OpenInGridContext.Provider value={openInGrid}>
            <OpenClassifyContext.Provider value={openClassify}>
              <ClassifyRunContext.Provider value={classifyRun}>
                <tool.Panel />
              </ClassifyRunContext.Provider>
            </OpenClassifyContext.Provider>
          </OpenInGridContext.Provider>
        )}
        {info && !hasImages && view === 'review' && (
          <div className="empty-state" data-testid="empty-catalogue">
            <h2>{t('empty.title')}</h2>
            <p>{t('empty.body')}</p>
          </div>
        )}
        {info && hasImages && currentFacet && (
          <div className="review-screen" hidden={view !== 'review'}>
            <div className="review-toolbar">
              <label className="facet-switch">
                {t('review.facet')}
                <select data-testid="facet" value={currentFacet} onChange={(e) => chooseFacet(e.target.value)}>
                  <FacetOptions facets={facets} />
                </select>
              </label>
              {summary && (
                <span className="summary-counts" data-testid="catalogue-summary">
                  <span data-testid="count-images">{t('counts.images', { count: summary.total })}</span>
                  <span data-testid="count-predicted">{t('counts.predicted', { count: summary.byStatus.predicted ?? 0 })}</span>
                  <span data-testid="count-reviewed">
                    {t('counts.reviewed', { count: (summary.byStatus.corrected ?? 0) + (summary.byStatus.validated ?? 0) + (summary.byStatus.rejected ?? 0) })}
                  </span>
                </span>
              )}
            </div>
            <ReviewWorkspace
              api={reviewApi}
              facets={facets}
              facet={currentFacet}
              refreshKey={refreshKey}
              keyboardEnabled={view === 'review' && !askValidator}
              openList={gridList}
              onViewChange={setGridView}
            />
          </div>
        )}
      </main>
      </CurrentGridViewContext.Provider>
      </CurrentFacetContext.Provider>
      {askValidator && (
        <ValidatorPrompt initial={validator ?? ''} onSave={(name) => void saveValidator(name)} onCancel={() => nameAnswered(false)} />
      )}
    </div>
    </ClientContext.Provider>
  );
}
