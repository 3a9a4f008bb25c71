import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { startingJob, type PipelineInfo } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';

interface Props {
  /** The catalogue's pipeline. */
  pipeline: PipelineInfo;
  /** Whether the caller's role may start the features job (the server decides in any case). */
  mayCompute: boolean;
  /** The job ended (done, stopped or failed): counts and speed changed. */
  onEnded(): void;
}

/**
 * After a switch the current pipeline has images without features: one
 * button starts the features job for it (the same job as `canting
 * features`), with its progress and a Stop; a stop keeps what was computed.
 * A run started elsewhere (another window) is shown too.
 */
export function ComputeFeatures({ pipeline, mayCompute, onEnded }: Props) {
  const client = useClient();
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  // The pipeline a run started here computes: the catalogue may switch before it ends, and its result must still name it.
  const [ranFor, setRanFor] = useState<string | null>(null);
  const runName = ranFor ?? pipeline.name;
  const { job, follow } = useJob('features', {
    adopt: 'idle',
    onStatus: (status) => {
      if (status.state === 'running') return;
      if (status.state === 'failed') setError(status.message);
      onEnded();
    },
  });

  const start = async () => {
    setError(null);
    setRanFor(pipeline.name);
    try {
      const started = await client.call('classify.features', {});
      follow(started.jobId, startingJob(started.jobId, 'features', '', started.total));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const running = job?.state === 'running';
  return (
    <>
      {running && job ? (
        <div className="learn-stale" role="status" data-testid="pipeline-features-progress">
          <p>{t('pipelineSwitch.computing', { done: job.done, total: job.found, name: runName })}</p>
          <progress value={job.done} max={Math.max(1, job.found)} />
          <button type="button" onClick={() => void client.call('jobs.cancel', { id: job.id }).catch((err: Error) => setError(err.message))} data-testid="pipeline-features-stop">
            {t('pipelineSwitch.stop')}
          </button>
        </div>
      ) : (
        pipeline.withoutFeatures > 0 &&
        mayCompute && (
          <div className="learn-stale" data-testid="pipeline-features">
            <p>{t('pipelineSwitch.computeNotice', { count: pipeline.withoutFeatures, name: pipeline.name })}</p>
            <button type="button" onClick={() => void start()} data-testid="pipeline-compute-features">
              {t('pipelineSwitch.compute')}
            </button>
          </div>
        )
      )}
      {job?.state === 'done' && job.result && (
        <p role="status" data-testid="pipeline-features-done">
          {t('pipelineSwitch.computed', { count: job.result.computed, name: runName })}
          {job.result.failed > 0 && (
            <>
              {' '}
              {/* Files that could not be read or are too small for the pipeline's views: they stay without its features, the first says why. */}
              {t('pipelineSwitch.computeFailed', { count: job.result.failed, name: runName })}
              {job.result.errors[0] && ` ${job.result.errors[0].path}: ${job.result.errors[0].message}`}
            </>
          )}
        </p>
      )}
      {job?.state === 'cancelled' && (
        <p role="status" data-testid="pipeline-features-stopped">
          {t('pipelineSwitch.stopped', { done: job.done, total: job.found })}
        </p>
      )}
      {error && (
        <p role="alert" className="learn-error" data-testid="pipeline-features-error">
          {error}
        </p>
      )}
    </>
  );
}
