import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useCurrentFacet } from '../../components/currentFacet.js';
import { useTranslation } from 'react-i18next';
import { FacetOptions, useFacetName } from '../../components/FacetOptions.js';
import type { BackendInfo, ClassifyStatus, Facet } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';
import { jobMessage } from '../../components/jobMessage.js';
import { usePermissions } from '../../components/permissions.js';
import { ClassifyRunContext } from './openClassify.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { QueueWorkers } from '../../components/QueueWorkers.js';
import './classify.css';
import { numberText } from '../../i18n/numbers.js';

const STATUS_INTERVAL_MS = 1000;

/**
 * Start classification for a facet over the whole catalogue, follow its
 * progress, cancel it (finished images are kept) and continue it later.
 */
export function ClassifyPanel() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  // A run another screen started (the import's next step) opens this screen on its facet and progress.
  const run = useContext(ClassifyRunContext);
  // Readers see the screen; only those the server lets classify get live buttons (the server still decides).
  const classifyDenied = usePermissions()('classify');
  const [facets, setFacets] = useState<Facet[]>([]);
  // Opens on the run another screen started, else on the facet the user is working on (the review screen's).
  const working = useCurrentFacet();
  const [facet, setFacet] = useState(run?.facet ?? working ?? 'motif');
  const [status, setStatus] = useState<ClassifyStatus | null>(null);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setStatus(await client.call('classify.status', { facet }));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [client, facet]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    client.call('facet.list', {}).then(setFacets, (err: Error) => setError(err.message));
    client.call('classify.backend', {}).then(setBackend, (err: Error) => setError(err.message));
  }, [client]);

  // Every classify run shows here (the latest to report), also one still going from before this screen was opened.
  const asked = useRef(0);
  const { job, follow } = useJob('classify', {
    adopt: 'always',
    onStatus: (status) => {
      // The header's "n of N classified" grows with the run: asked again at most once a second while it runs, and at its end.
      const now = Date.now();
      if (status.state !== 'running' || now - asked.current >= STATUS_INTERVAL_MS) {
        asked.current = now;
        void refresh();
      }
    },
  });

  // The run another screen started; events may already have said more.
  useEffect(() => {
    if (run) follow(run.jobId);
  }, [run, follow]);

  const running = job?.state === 'running';

  const start = async (onlyUnpredicted: boolean) => {
    setError(null);
    try {
      const started = await client.call('classify.start', { facet, onlyUnpredicted });
      follow(started.jobId);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const cancel = async () => {
    if (job) await client.call('jobs.cancel', { id: job.id }).catch((err: Error) => setError(err.message));
  };

  const processed = job ? job.done + job.failed : 0;
  const nameOf = useFacetName();
  const facetName = (key: string) => {
    const f = facets.find((x) => x.key === key);
    return f ? nameOf(f) : key;
  };

  return (
    <section className="classify-panel" data-testid="classify-panel" aria-labelledby="classify-title">
      <h3 id="classify-title">{t('classify.title')}</h3>
      <label>
        {t('classify.facet')}{' '}
        <select value={facet} onChange={(e) => setFacet(e.target.value)} disabled={running} data-testid="classify-facet">
          <FacetOptions facets={facets} />
        </select>
      </label>
      {status && status.modelVersion === null && (
        <p className="classify-no-model" data-testid="classify-no-model">
          {t('classify.noModel', { facet: facetName(status.facet) })}
        </p>
      )}
      {status && status.modelVersion !== null && (
        <p data-testid="classify-status">
          {t('classify.model', { version: status.modelVersion })} · {t('classify.predicted', { done: status.predicted, total: status.images })}
        </p>
      )}
      <div className="classify-actions">
        <button
          type="button"
          onClick={() => void start(false)}
          disabled={running || !status?.modelVersion || status.images === 0 || Boolean(classifyDenied)}
          title={classifyDenied}
          data-testid="classify-start"
        >
          {t('classify.start')}
        </button>
        <button
          type="button"
          onClick={() => void start(true)}
          disabled={running || !status?.modelVersion || status.predicted >= status.images || Boolean(classifyDenied)}
          title={classifyDenied}
          data-testid="classify-continue"
        >
          {t('classify.continue')}
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()} data-testid="classify-cancel">
            {t('classify.cancel')}
          </button>
        )}
      </div>
      {job && (
        <div className="classify-progress" data-testid="classify-progress">
          <progress max={Math.max(1, job.found)} value={processed} aria-label={t('classify.title')} />
          <span>
            {t('classify.progress', { done: processed, total: job.found, rate: numberText(job.ratePerSecond, i18n.language) })}
            {job.etaSeconds !== null && running ? ` · ${t('classify.eta', { seconds: Math.round(job.etaSeconds) })}` : ''}
            {job.failed > 0 ? ` · ${t('classify.failed', { count: job.failed })}` : ''}
          </span>
          {!running && <span> · {t(`classify.state.${job.state}`)}</span>}
          {job.state === 'cancelled' && <p>{t('classify.cancelledHint')}</p>}
          {job.state === 'failed' && job.message && (
            <p role="alert" className="error-text" data-testid="classify-failed">
              {jobMessage(job, i18n)}
            </p>
          )}
        </div>
      )}
      <QueueWorkers />
      <p className="classify-backend" data-testid="classify-backend">
        {t('classify.backend')}: {backend ? backend.detail : t('classify.backendUnknown')}
      </p>
      {backend && <EngineOrder info={backend} />}
      {error && <ErrorBanner>{error}</ErrorBanner>}
    </section>
  );
}

/** The engines tried for the catalogue's pipeline, best first, and why each better one than the chosen was skipped. */
function EngineOrder({ info }: { info: BackendInfo }) {
  const { t } = useTranslation();
  // A skipped entry is "engine: reason"; the reason is the library's or the OS's own words.
  const skipped = info.skipped.map((s) => {
    const at = s.indexOf(': ');
    return at < 0 ? { engine: s, reason: '' } : { engine: s.slice(0, at), reason: s.slice(at + 2) };
  });
  const name = (e: string) => t(`classify.engines.${e}`, { defaultValue: e });
  return (
    <div className="classify-engines" data-testid="classify-engines">
      <p>{t('classify.engineOrder', { order: (info.order ?? []).map(name).join(' → ') })}</p>
      {skipped.length > 0 && (
        <ul>
          {skipped.map((s) => (
            <li key={s.engine}>{t('classify.engineSkipped', { engine: name(s.engine), reason: s.reason })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
