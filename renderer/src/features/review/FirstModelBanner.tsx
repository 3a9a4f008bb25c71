import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../../electron/common/contract/index.js';
import type { FirstModelStatus, ReviewApi } from './types.js';
import { jobMessage } from '../../components/jobMessage.js';

type FirstModelApi = Pick<ReviewApi, 'firstModel' | 'startFirstModel' | 'computeFeatures' | 'onEvent'>;

const finished = (job: JobStatus) => job.state !== 'queued' && job.state !== 'running';

/**
 * learn.firstModel for a facet, kept current: asked again on a facet switch,
 * a catalogue change, the end of the run's job, and a new train or classify
 * job (the run starts just after the decision's catalogue-changed event, so
 * the status fetched then may not know its job yet). Also the latest event
 * of the run's job, for its progress text.
 */
function useFirstModel(
  api: FirstModelApi,
  facet: string,
): { status: FirstModelStatus | null; job: JobStatus | null; jobs: ReadonlyMap<string, JobStatus>; refetch: () => Promise<void> } {
  const [status, setStatus] = useState<FirstModelStatus | null>(null);
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobStatus>>(new Map());
  const seenJobs = useRef(new Set<string>());
  const asked = useRef(0);

  const refetch = useCallback(async () => {
    const ticket = ++asked.current;
    // A failed question shows no banner rather than an error over the grid.
    const next = await api.firstModel(facet).catch(() => null);
    // Only the latest answer counts: the facet may have changed meanwhile.
    if (ticket === asked.current) setStatus(next);
  }, [api, facet]);

  useEffect(() => {
    void refetch();
  }, [refetch]);

  const current = status?.facet === facet ? status : null;
  // A facet with a model it can run keeps it: nothing to follow, and no call after every decision.
  const settled = current !== null && current.hasModel && current.phase === 'idle';
  const runJob = current?.jobId ?? null;
  useEffect(() => {
    if (settled) return;
    return api.onEvent((event) => {
      if (event.type === 'catalogue-changed') return void refetch();
      const job = event.job;
      if (job.kind !== 'train' && job.kind !== 'classify' && job.kind !== 'features') return;
      const isNew = !seenJobs.current.has(job.id);
      seenJobs.current.add(job.id);
      setJobs((m) => new Map(m).set(job.id, job));
      if (job.id === runJob ? finished(job) : isNew) void refetch();
    });
  }, [api, settled, runJob, refetch]);

  return { status: current, job: runJob ? (jobs.get(runJob) ?? null) : null, jobs, refetch };
}

/** "Arsitektur 3/5 · Budaya 5/5 ✓ · …": reviewed examples per label, counted up to the number needed. */
export function FirstModelProgress({ status }: { status: FirstModelStatus }) {
  const { t } = useTranslation();
  const min = status.minPerLabel;
  return (
    <span className="first-model-progress" data-testid="first-model-progress">
      {status.labels.map((l, i) => {
        const complete = l.reviewed >= min;
        return (
          <Fragment key={l.key}>
            {i > 0 && ' · '}
            <span className={complete ? 'complete' : undefined} data-label={l.key} data-complete={complete}>
              {t('review.firstModel.label', { name: l.name, reviewed: Math.min(l.reviewed, min), min })}
              {complete && ' ✓'}
            </span>
          </Fragment>
        );
      })}
    </span>
  );
}

/**
 * Above the grid while the facet has no model: how far it is from the first
 * one (which the app trains, activates and applies by itself), then that
 * run's progress. Gone once the model is active and has predicted the rest.
 */
export function FirstModelBanner({ api, facet }: { api: FirstModelApi; facet: string }) {
  const { t, i18n } = useTranslation();
  const { status, job, jobs, refetch } = useFirstModel(api, facet);
  const [startError, setStartError] = useState<string | null>(null);
  // The features job this banner started: running until its events say it ended.
  const [featuresJob, setFeaturesJob] = useState<string | null>(null);
  const featuresState = featuresJob ? (jobs.get(featuresJob) ?? null) : null;
  const computing = featuresJob !== null && (featuresState === null || featuresState.state === 'running' || featuresState.state === 'queued');
  if (!status || (status.hasModel && status.phase === 'idle')) return null;
  // Ready but idle: a run failed (retried by itself only after more labels) or readiness came without a decision here (an undo).
  const computeFeatures = async () => {
    setStartError(null);
    try {
      setFeaturesJob((await api.computeFeatures()).jobId);
    } catch (err) {
      setStartError((err as Error).message);
    }
  };
  const trainNow = async () => {
    setStartError(null);
    try {
      await api.startFirstModel(facet);
    } catch (err) {
      setStartError((err as Error).message);
    }
    await refetch();
  };
  // Once the model is active, what is left is predicting (the run may not have said so yet).
  const phase = status.phase === 'idle' ? 'idle' : status.hasModel ? 'predicting' : status.phase;
  return (
    <div className="first-model-banner" role="status" data-testid="first-model-banner" data-phase={phase}>
      {phase === 'idle' && (
        <>
          <p>
            {t('review.firstModel.intro', { count: status.minPerLabel })} <FirstModelProgress status={status} />
          </p>
          {status.imagesWithoutFeatures > 0 && (
            <p className="first-model-error" data-testid="first-model-no-features">
              {t('review.firstModel.noFeatures', { count: status.imagesWithoutFeatures })}{' '}
              <button type="button" onClick={() => void computeFeatures()} disabled={computing} data-testid="first-model-compute-features">
                {computing
                  ? t('review.firstModel.computingFeatures', { done: featuresState?.done ?? 0, found: featuresState?.found || status.imagesWithoutFeatures })
                  : t('review.firstModel.computeFeatures')}
              </button>
            </p>
          )}
          {status.lastError && (
            <p className="first-model-error" data-testid="first-model-error">
              {/* The sentence goes on after the core's message, so its own full stop goes. */}
              {t('review.firstModel.failed', { message: status.lastError.replace(/[.\s]+$/, '') })}
            </p>
          )}
          {status.ready ? (
            <p>
              <button type="button" onClick={() => void trainNow()} data-testid="first-model-train-now">
                {t('review.firstModel.trainNow')}
              </button>
            </p>
          ) : (
            <p className="first-model-hint">{t('review.firstModel.suggestHint', { button: t('review.list.suggest') })}</p>
          )}
          {startError && (
            <p role="alert" className="first-model-error">
              {startError}
            </p>
          )}
        </>
      )}
      {phase === 'training' && (
        <p>
          {t('review.firstModel.training')}
          {job?.kind === 'train' && job.message && <span className="first-model-detail"> {jobMessage(job, i18n)}</span>}
        </p>
      )}
      {phase === 'predicting' && (
        <p>
          {t('review.firstModel.predicting')}
          {job?.kind === 'classify' && job.found > 0 && <span className="first-model-detail"> {t('review.firstModel.progress', { done: job.done, found: job.found })}</span>}
        </p>
      )}
    </div>
  );
}
