import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivationCheck, Facet, FacetEvaluation, FirstModelStatus, ModelVersion } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ClassifyNext } from '../classify/ClassifyNext.js';
import { FirstModelProgress } from '../review/FirstModelBanner.js';
import { ActivationCheckBox } from './ActivationCheckBox.js';
import { ownSplitScore, pct, scoreText } from './score.js';

interface Props {
  facet: string;
  facets: Facet[];
  versions: ModelVersion[];
  /** Every version on the facet's evaluation set. */
  evaluation: FacetEvaluation | null;
  status: FirstModelStatus | null;
  /** Reload versions and scores after a change made here. */
  refresh(): Promise<void>;
  /** A refusal to show; null clears the last one (a new action). */
  onError(err: unknown): void;
}

/**
 * A facet's versions with their metrics, training data and scores on the
 * evaluation set; activate (after seeing what it would change), roll back,
 * open the report, export and import versions.
 */
export function VersionsSection({ facet, facets, versions, evaluation, status, refresh, onError }: Props) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  /** Activations and roll-backs done here: each may leave images the new active version has not classified. */
  const [switched, setSwitched] = useState(0);
  // What activating a version would do, shown before it is done.
  const [check, setCheck] = useState<ActivationCheck | null>(null);
  const [importLabels, setImportLabels] = useState('');
  const rollbackTo = versions.find((v) => v.rollbackTarget && v.runnable) ?? null;

  // Another facet: its own versions, no pending activation of the previous one's.
  useEffect(() => {
    setCheck(null);
  }, [facet]);

  const act = async (work: () => Promise<unknown>) => {
    onError(null);
    try {
      await work();
      await refresh();
    } catch (err) {
      onError(err);
    }
  };

  const openReport = async (id: number) => {
    onError(null);
    try {
      const { html } = await client.call('registry.report', { id, language: i18n.language === 'en' ? 'en' : 'id' });
      const url = URL.createObjectURL(new Blob([html ?? ''], { type: 'text/html' }));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      onError(err);
    }
  };

  // Activation shows its consequences first; the user confirms or cancels.
  const askActivate = async (id: number) => {
    onError(null);
    try {
      setCheck(await client.call('registry.activationCheck', { id }));
    } catch (err) {
      onError(err);
    }
  };
  const confirmActivate = async (id: number) => {
    setCheck(null);
    await act(() => client.call('registry.activate', { id }));
    setSwitched((n) => n + 1);
  };
  const rollback = async () => {
    await act(() => client.call('registry.rollback', { facet }));
    setSwitched((n) => n + 1);
  };
  const evalOf = (id: number) => evaluation?.versions.find((e) => e.id === id) ?? null;

  const exportVersion = async (id: number) => {
    const [folder] = (await client.shell?.pickFolders()) ?? [];
    if (folder) await act(() => client.call('registry.export', { id, folder }));
  };
  const importVersion = async () => {
    const [folder] = (await client.shell?.pickFolders()) ?? [];
    if (!folder) return;
    // Only needed for a folder without manifest.json (straight from tensorflowjs_converter).
    const labels = importLabels
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    await act(() => client.call('registry.import', { facet, folder, ...(labels.length ? { labels } : {}) }));
  };

  return (
    <>
      <h4>{t('learn.versions')}</h4>
      {evaluation && (
        <p className="learn-hint" data-testid="learn-eval-set">
          {evaluation.images
            ? t('learn.evalSet.summary', {
                count: evaluation.images,
                perLabel: Object.entries(evaluation.perLabel)
                  .map(([l, n]) => `${facets.find((f) => f.key === facet)?.labels.find((x) => x.key === l)?.name ?? l} ${n}`)
                  .join(', '),
              })
            : t('learn.evalSet.empty', { from: evaluation.rule.from, share: Math.round(evaluation.rule.share * 100), min: evaluation.rule.min })}
        </p>
      )}
      {versions.length === 0 ? (
        <p data-testid="learn-no-versions">
          {t('learn.noVersions')}
          {status && !status.hasModel && (
            <>
              {' '}
              {t('learn.firstModelHint', { count: status.minPerLabel })} <FirstModelProgress status={status} />
            </>
          )}
        </p>
      ) : (
        <table className="learn-versions" data-testid="learn-versions">
          <thead>
            <tr>
              <th>{t('learn.col.version')}</th>
              <th>{t('learn.col.source')}</th>
              <th title={t('learn.col.valAccHint')}>{t('learn.col.valAcc')}</th>
              <th>{t('learn.col.evalSet')}</th>
              <th>{t('learn.col.trainAcc')}</th>
              <th>{t('learn.col.images')}</th>
              <th>{t('learn.col.validators')}</th>
              <th>{t('learn.col.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-testid={`learn-version-${v.version}`} className={v.active ? 'active' : ''}>
                <td>
                  {v.version}{' '}
                  {v.fineTuned && (
                    <span className="learn-tag" title={v.backbone} data-testid="learn-fine-tuned">
                      {t('learn.fineTunedTag')}
                    </span>
                  )}{' '}
                  {!v.runnable && (
                    <span className="learn-tag learn-tag-outdated" title={t('learn.outdatedHint', { backbone: v.backbone })} data-testid="learn-outdated">
                      {t('learn.outdatedTag')}
                    </span>
                  )}{' '}
                  {v.pipeline && (
                    <span className="learn-tag" title={t('pipelineSwitch.versionPipelineHint', { name: v.pipeline.name })} data-testid="learn-pipeline">
                      {v.pipeline.name}
                    </span>
                  )}{' '}
                  {v.runnable && v.pipeline && !v.pipelineIsCurrent && (
                    <span className="learn-tag learn-tag-untested" title={t('pipelineSwitch.versionNeedsHint', { name: v.pipeline.name })} data-testid="learn-pipeline-needs">
                      {t('pipelineSwitch.versionNeeds', { name: v.pipeline.name })}
                    </span>
                  )}{' '}
                  {v.active && <strong data-testid="learn-active">({t('learn.active')})</strong>}{' '}
                  {evaluation && evalOf(v.id)?.images === 0 && v.runnable && (
                    <span className="learn-tag learn-tag-untested" title={t('learn.untestedHint')} data-testid="learn-untested">
                      {t('learn.untested')}
                    </span>
                  )}
                </td>
                <td>{t(`learn.source.${v.source}`)}</td>
                <td title={t('learn.col.valAccHint')}>{ownSplitScore(v) ? scoreText(t, ownSplitScore(v)!, i18n.language) : pct(v.accuracy, i18n.language)}</td>
                <td data-testid={`learn-eval-${v.version}`}>
                  {evalOf(v.id) ? scoreText(t, evalOf(v.id)!, i18n.language) : '—'}
                  {evalOf(v.id)?.seenInTraining ? <small> ({t('learn.evalSet.seen', { count: evalOf(v.id)!.seenInTraining })})</small> : null}
                  {evalOf(v.id)?.untracked ? <small> ({t('learn.evalSet.untracked')})</small> : null}
                </td>
                <td>{pct(v.trainAccuracy, i18n.language)}</td>
                <td title={Object.entries(v.training.perLabel).map(([l, n]) => `${l}: ${n}`).join(', ')}>{v.training.images}</td>
                <td>{v.training.validators.map((x) => x.name).join(', ')}</td>
                <td>{v.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  {!v.active && v.runnable && (
                    <button type="button" onClick={() => void askActivate(v.id)} data-testid={`learn-activate-${v.version}`}>
                      {t('learn.activate')}
                    </button>
                  )}
                  <button type="button" onClick={() => void openReport(v.id)}>
                    {t('learn.report')}
                  </button>
                  {client.shell && (
                    <button type="button" onClick={() => void exportVersion(v.id)}>
                      {t('learn.export')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check && <ActivationCheckBox check={check} onConfirm={() => void confirmActivate(check.candidate.id)} onCancel={() => setCheck(null)} />}
      <button
        type="button"
        onClick={() => void rollback()}
        disabled={!rollbackTo}
        title={rollbackTo ? t('learn.rollbackTo', { version: rollbackTo.version }) : t('learn.noRollback')}
        data-testid="learn-rollback"
      >
        {t('learn.rollback')}
      </button>
      {/* The grid shows the active version's predictions: after a switch, offer to classify what it has not seen. */}
      {switched > 0 && <ClassifyNext key={`${facet}-${switched}`} facet={facet} testId="learn-classify-next" />}
      {client.shell && (
        <>
          <button type="button" onClick={() => void importVersion()} data-testid="learn-import">
            {t('learn.import')}
          </button>
          <label>
            {t('learn.importLabels')}{' '}
            <input type="text" value={importLabels} onChange={(e) => setImportLabels(e.target.value)} data-testid="learn-import-labels" />
          </label>
        </>
      )}
    </>
  );
}
