import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrunedEmbeddings, StaleEmbeddings } from '../../../../electron/common/contract/classify.js';
import { useClient } from '../../api/context.js';
import { Modal } from '../../components/Modal.js';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Vectors an earlier release's backbone computed stay in the catalogue for
 * the versions marked "old features" (their comparisons and reports read
 * them). An archive short of disk space can delete them here, after a
 * confirmation, and compact the file; nothing shows when there are none.
 */
export function StaleEmbeddingsNotice() {
  const client = useClient();
  const { t } = useTranslation();
  const [stale, setStale] = useState<StaleEmbeddings | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pruned, setPruned] = useState<PrunedEmbeddings | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () => client.call('embeddings.stale', {}).then(setStale, (err: Error) => setError(err.message)),
    [client],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const prune = async (vacuum: boolean) => {
    setError(null);
    try {
      setPruned(await client.call('embeddings.prune', vacuum ? { vacuum } : {}));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setConfirming(false);
      // Also after a failure: a compaction that failed still deleted the vectors.
      await refresh();
    }
  };

  return (
    <>
      {stale && stale.vectors > 0 && (
        <div className="learn-stale" data-testid="stale-embeddings">
          <p>{t('learn.stale.notice', { count: stale.vectors, mb: mb(stale.bytes) })}</p>
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="stale-delete">
            {t('learn.stale.delete')}
          </button>
        </div>
      )}
      {pruned && pruned.vectors > 0 && <PruneResult pruned={pruned} />}
      {error && (
        <p role="alert" className="learn-error" data-testid="stale-error">
          {error}
        </p>
      )}
      {confirming && stale && <ConfirmPrune stale={stale} onCancel={() => setConfirming(false)} onConfirm={prune} />}
    </>
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
