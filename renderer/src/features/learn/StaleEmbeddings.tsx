import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrunedEmbeddings, StaleEmbeddings } from '../../../../electron/common/contract/classify.js';
import { startingJob, type JobStatus } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';
import { Modal } from '../../components/Modal.js';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Vectors an earlier release's backbone computed stay in the catalogue for
 * the versions marked "old features" (their comparisons and reports read
 * them). An archive short of disk space can delete them here, after a
 * confirmation, and compact the file; nothing shows when there are none.
 * The deletion is a job: its progress shows here (also when the panel is
 * reopened while it runs) and the rest of the app stays usable.
 */
export function StaleEmbeddingsNotice() {
  const client = useClient();
  const { t } = useTranslation();
  const [stale, setStale] = useState<StaleEmbeddings | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pruned, setPruned] = useState<PrunedEmbeddings | null>(null);
  const [stopped, setStopped] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () => client.call('embeddings.stale', {}).then(setStale, (err: Error) => setError(err.message)),
    [client],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The deletion started here, one still running when the panel is reopened, or the next one once it has ended.
  const { job, follow } = useJob('prune', {
    adopt: 'idle',
    onStatus: (status) => {
      if (status.state === 'running') return;
      // A cancel during compaction could not stop it: such a job has a result although cancelled.
      const result = status.result;
      if (result) setPruned(result);
      if (status.state === 'failed') setError(status.message);
      // A stop keeps the chunks already deleted: say how many.
      if (status.state === 'cancelled' && !result) setStopped({ done: status.done, total: status.found });
      // Also after a failure: a compaction that failed still deleted the vectors.
      void refresh();
    },
  });


  const prune = async (vacuum: boolean) => {
    setError(null);
    setPruned(null);
    setStopped(null);
    try {
      const started = await client.call('embeddings.prune', vacuum ? { vacuum } : {});
      // Its events may have come first (it may even have finished): those say more than the answer, which stands in until then.
      follow(started.jobId, startingJob(started.jobId, 'prune', '', started.total));
    } catch (err) {
      setError((err as Error).message);
      await refresh();
    } finally {
      setConfirming(false);
    }
  };

  const running = job?.state === 'running';
  return (
    <>
      {stale && stale.vectors > 0 && !running && (
        <div className="learn-stale" data-testid="stale-embeddings">
          <p>{t('learn.stale.notice', { count: stale.vectors, mb: mb(stale.bytes) })}</p>
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="stale-delete">
            {t('learn.stale.delete')}
          </button>
        </div>
      )}
      {running && job && (
        <PruneProgress
          // The job's first event comes before it has counted (0 of 0): the notice's count until then.
          job={job.found ? job : { ...job, found: stale?.vectors ?? 0 }}
          onStop={() => void client.call('jobs.cancel', { id: job.id }).catch((err: Error) => setError(err.message))}
        />
      )}
      {pruned && pruned.vectors > 0 && <PruneResult pruned={pruned} />}
      {stopped && (
        <p role="status" data-testid="stale-stopped">
          {t('learn.stale.stopped', { done: stopped.done, total: stopped.total })}
        </p>
      )}
      {error && (
        <p role="alert" className="learn-error" data-testid="stale-error">
          {error}
        </p>
      )}
      {confirming && stale && <ConfirmPrune stale={stale} onCancel={() => setConfirming(false)} onConfirm={prune} />}
    </>
  );
}


function PruneProgress({ job, onStop }: { job: JobStatus; onStop(): void }) {
  const { t } = useTranslation();
  // The job's message is set only once it compacts (classify/prune-job.ts), which cannot be stopped.
  const compacting = job.message !== null;
  return (
    <div className="learn-stale" role="status" data-testid="stale-progress">
      <p>{compacting ? t('learn.stale.compacting') : t('learn.stale.progress', { done: job.done, total: job.found })}</p>
      {compacting ? <progress /> : <progress value={job.done} max={Math.max(1, job.found)} />}
      {!compacting && (
        <button type="button" onClick={onStop} data-testid="stale-stop">
          {t('learn.stale.stop')}
        </button>
      )}
    </div>
  );
}

function PruneResult({ pruned }: { pruned: PrunedEmbeddings }) {
  const { t } = useTranslation();
  const { fileBytesBefore: before, fileBytesAfter: after } = pruned;
  return (
    <p role="status" data-testid="stale-pruned">
      {t('learn.stale.deleted', { count: pruned.vectors, mb: mb(pruned.bytes) })}{' '}
      {pruned.vacuumed && before !== null && after !== null ? t('learn.stale.compacted', { before: mb(before), after: mb(after) }) : null}
      {pruned.vacuumed ? null : t('learn.stale.notCompacted')}
    </p>
  );
}

function ConfirmPrune({ stale, onCancel, onConfirm }: { stale: StaleEmbeddings; onCancel(): void; onConfirm(vacuum: boolean): Promise<void> }) {
  const { t } = useTranslation();
  const [vacuum, setVacuum] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    await onConfirm(vacuum);
  };
  return (
    <Modal title={t('learn.stale.confirmTitle')} testId="stale-confirm">
      <p>{t('learn.stale.confirmBody', { count: stale.vectors, mb: mb(stale.bytes) })}</p>
      <label>
        <input type="checkbox" checked={vacuum} onChange={(e) => setVacuum(e.target.checked)} disabled={busy} data-testid="stale-vacuum" />{' '}
        {stale.catalogueBytes === null ? t('learn.stale.vacuumUnknown') : t('learn.stale.vacuum', { mb: mb(2 * stale.catalogueBytes) })}
      </label>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('learn.stale.cancel')}
        </button>
        <button type="button" className="danger" onClick={() => void confirm()} disabled={busy} data-testid="stale-confirm-delete">
          {busy ? t('learn.stale.working') : t('learn.stale.confirm')}
        </button>
      </div>
    </Modal>
  );
}
