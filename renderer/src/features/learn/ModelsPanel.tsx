import { useCallback, useEffect, useState } from 'react';
import { useCurrentFacet } from '../../components/currentFacet.js';
import { disabledReason } from '../../components/disabledReason.js';
import { useTranslation } from 'react-i18next';
import { FacetOptions } from '../../components/FacetOptions.js';
import type { ActivationCheck, Comparison, EpochLog, FacetEvaluation, FirstModelStatus, ModelVersion, TrainResult } from '../../../../electron/common/contract/index.js';
import type { Facet, JobStatus } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useOpenInGrid } from '../review/openInGrid.js';
import { ClassifyNext } from '../classify/ClassifyNext.js';
import { FirstModelProgress } from '../review/FirstModelBanner.js';
import { AssistLists } from './AssistLists.js';
import { StaleEmbeddingsNotice } from './StaleEmbeddings.js';
import { PipelineCost } from './PipelineCost.js';
import { TrainChart } from './TrainChart.js';
import { TrainProgress } from './TrainProgress.js';
import { nextHistory } from './trainHistory.js';
import { jobMessage } from '../../components/jobMessage.js';
import { FacetsSection } from './FacetsSection.js';
import { ActivationCheckBox } from './ActivationCheckBox.js';
import { comparedScores, ownSplitScore, pct, scoreText } from './score.js';
import { Thumb } from './Thumb.js';

/**
 * Learning from the validators: train a new head per facet (live loss and
 * accuracy, cancel), then list its versions with metrics and training data
 * and their scores on the facet's evaluation set, activate (after seeing what
 * it would change), roll back, compare two on the same images, and open the
 * evaluation report.
 */
export function ModelsPanel() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const [facets, setFacets] = useState<Facet[]>([]);
  // Opens on the facet the user is working on (the review screen's); tema only where none is known yet.
  const working = useCurrentFacet();
  const [facet, setFacet] = useState(() => working ?? 'tema');
  const [versions, setVersions] = useState<ModelVersion[]>([]);
  /** Activations and roll-backs done here: each may leave images the new active version has not classified. */
  const [switched, setSwitched] = useState(0);
  // Reviewed examples per label against the trainer's minimum: whether Train can work, and how far a new facet is from its first model.
  const [firstModel, setFirstModel] = useState<FirstModelStatus | null>(null);
  const [job, setJob] = useState<JobStatus | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [history, setHistory] = useState<EpochLog[]>([]);
  const [augment, setAugment] = useState(true);
  const [fineTune, setFineTune] = useState(false);
  // Fine-tuning is offered where native TensorFlow (tfjs-node) runs it in seconds per epoch.
  const [nativeBackend, setNativeBackend] = useState(false);
  const [importLabels, setImportLabels] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [compareA, setCompareA] = useState<number | null>(null);
  const [compareB, setCompareB] = useState<number | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  // Every version on the facet's evaluation set, and what activating one would do (shown before it is done).
  const [evaluation, setEvaluation] = useState<FacetEvaluation | null>(null);
  const [check, setCheck] = useState<ActivationCheck | null>(null);
  const openInGrid = useOpenInGrid();

  const fail = (err: unknown) => setError((err as Error).message);

  const refresh = useCallback(async () => {
    try {
      const [list, status, scores] = await Promise.all([
        client.call('registry.versions', { facet }),
        // Only a hint: without it Train stays offered and the core says what is missing.
        client.call('learn.firstModel', { facet }).catch(() => null),
        client.call('registry.evaluation', { facet }).catch(() => null),
      ]);
      setVersions(list);
      setFirstModel(status);
      setEvaluation(scores);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [client, facet]);

  // Another facet: nothing of the previous one's (an error, a finished run, a comparison) stays on screen.
  useEffect(() => {
    void refresh();
    setComparison(null);
    setCheck(null);
    setError(null);
    setJob(null);
    setHistory([]);
  }, [refresh]);

  // Labels reviewed meanwhile (another window) change whether Train can work.
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'catalogue-changed') void refresh();
      }),
    [client, refresh],
  );

  useEffect(() => {
    const loadFacets = () => client.call('facet.list', {}).then(setFacets, fail);
    void loadFacets();
    client.call('classify.backend', {}).then((b) => setNativeBackend(b.name === 'tensorflow'), fail);
    // A facet created or extended here or in another window.
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed' && event.reason === 'facets') void loadFacets();
    });
  }, [client]);

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'job' || event.job.kind !== 'train' || (jobId && event.job.id !== jobId)) return;
        setJob(event.job);
        setHistory((h) => nextHistory(h, event.job));
        if (event.job.state !== 'running') void refresh();
      }),
    [client, jobId, refresh],
  );

  const running = job?.state === 'running';
  // The core's readiness (two labels at least, each with the minimum of reviewed examples), as the trainer checks it.
  const status = firstModel?.facet === facet ? firstModel : null;
  const shortOfExamples = status !== null && !status.ready;
  const rollbackTo = versions.find((v) => v.rollbackTarget && v.runnable) ?? null;
  const result = job?.state === 'done' ? (job.result as TrainResult | undefined) : undefined;

  const train = async () => {
    setError(null);
    setHistory([]);
    setJob(null);
    try {
      const started = await client.call('learn.train', { facet, augment, ...(nativeBackend && fineTune ? { fineTune: true } : {}) });
      setJobId(started.jobId);
    } catch (err) {
      fail(err);
    }
  };

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  const openReport = async (id: number) => {
    setError(null);
    try {
      const { html } = await client.call('registry.report', { id, language: i18n.language === 'en' ? 'en' : 'id' });
      const url = URL.createObjectURL(new Blob([html ?? ''], { type: 'text/html' }));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      fail(err);
    }
  };

  // Activation shows its consequences first; the user confirms or cancels.
  const askActivate = async (id: number) => {
    setError(null);
    try {
      setCheck(await client.call('registry.activationCheck', { id }));
    } catch (err) {
      fail(err);
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
  const labelName = (key: string) => comparison?.labelNames[key] ?? key;

  const compare = async () => {
    if (compareA === null || compareB === null) return;
    setError(null);
    try {
      setComparison(await client.call('registry.compare', { a: compareA, b: compareB }));
    } catch (err) {
      fail(err);
    }
  };

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


  // Greyed-out controls say why (as their title; too few examples is also written out below Train).
  const whileTraining = running ? t('learn.disabled.training') : undefined;
  const trainBlocked = disabledReason(
    [running, t('learn.disabled.training')],
    [shortOfExamples, status && status.labels.length < 2 ? t('learn.trainNeedsLabels') : t('learn.trainNeedsExamples', { count: status?.minPerLabel ?? 0 })],
  );

  return (
    <section className="learn-panel" data-testid="learn-panel" aria-labelledby="learn-title">
      <h3 id="learn-title">{t('learn.title')}</h3>
      <label>
        {t('learn.facet')}{' '}
        <select value={facet} onChange={(e) => setFacet(e.target.value)} disabled={running} title={whileTraining} data-testid="learn-facet">
          <FacetOptions facets={facets} />
        </select>
      </label>

      <div className="learn-train">
        <button
          type="button"
          onClick={() => void train()}
          disabled={trainBlocked !== undefined}
          title={trainBlocked}
          aria-describedby={shortOfExamples ? 'learn-train-blocked' : undefined}
          data-testid="learn-train"
        >
          {t('learn.train')}
        </button>
        <label>
          <input type="checkbox" checked={augment} onChange={(e) => setAugment(e.target.checked)} disabled={running} title={whileTraining} /> {t('learn.augment')}
        </label>
        {running && job && (
          <button type="button" onClick={() => void client.call('jobs.cancel', { id: job.id }).catch(fail)} data-testid="learn-cancel">
            {t('learn.cancel')}
          </button>
        )}
        {nativeBackend ? (
          <label>
            <input type="checkbox" checked={fineTune} onChange={(e) => setFineTune(e.target.checked)} disabled={running} title={whileTraining} data-testid="learn-fine-tune" />{' '}
            {t('learn.fineTune')}
          </label>
        ) : null}
        {shortOfExamples && status && (
          <p className="learn-hint" id="learn-train-blocked" data-testid="learn-train-blocked">
            {status.labels.length < 2 ? t('learn.trainNeedsLabels') : t('learn.trainNeedsExamples', { count: status.minPerLabel })}
            {/* a facet without versions shows the same progress below, with its first model */}
            {versions.length > 0 && status.labels.length >= 2 && (
              <>
                {' '}
                <FirstModelProgress status={status} />
              </>
            )}
          </p>
        )}
        <p className="learn-hint" data-testid="learn-hint">
          {t(nativeBackend ? 'learn.fineTuneHint' : 'learn.headOnly')}
        </p>
        {job && (
          <p data-testid="learn-status">
            {running ? (jobMessage(job, i18n) ?? t('learn.starting')) : t(`learn.state.${job.state}`, { defaultValue: job.state })}
            {job.state === 'failed' && job.message ? `: ${jobMessage(job, i18n)}` : ''}
            {job.state === 'cancelled' ? ` — ${t('learn.cancelledHint')}` : ''}
          </p>
        )}
        {job && <TrainProgress job={job} />}
        {history.length > 0 && <TrainChart history={history} />}
        {result && (
          <p data-testid="learn-result">
            {t('learn.result', {
              version: result.version.version,
              val: ownSplitScore(result.version) ? scoreText(t, ownSplitScore(result.version)!) : pct(result.version.accuracy),
              train: pct(result.version.trainAccuracy),
              seconds: result.seconds,
            })}
            {result.notes.map((n) => (
              <span key={n.message} className="learn-note">
                <br />
                {t(`trainNotes.${n.messageKey}`, { ...n.params, defaultValue: n.message })}
              </span>
            ))}
          </p>
        )}
      </div>

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
                  {v.active && <strong data-testid="learn-active">({t('learn.active')})</strong>}{' '}
                  {evaluation && evalOf(v.id)?.images === 0 && v.runnable && (
                    <span className="learn-tag learn-tag-untested" title={t('learn.untestedHint')} data-testid="learn-untested">
                      {t('learn.untested')}
                    </span>
                  )}
                </td>
                <td>{t(`learn.source.${v.source}`)}</td>
                <td title={t('learn.col.valAccHint')}>{ownSplitScore(v) ? scoreText(t, ownSplitScore(v)!) : pct(v.accuracy)}</td>
                <td data-testid={`learn-eval-${v.version}`}>
                  {evalOf(v.id) ? scoreText(t, evalOf(v.id)!) : '—'}
                  {evalOf(v.id)?.seenInTraining ? <small> ({t('learn.evalSet.seen', { count: evalOf(v.id)!.seenInTraining })})</small> : null}
                  {evalOf(v.id)?.untracked ? <small> ({t('learn.evalSet.untracked')})</small> : null}
                </td>
                <td>{pct(v.trainAccuracy)}</td>
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
      <StaleEmbeddingsNotice />
      <PipelineCost />
      <FacetsSection facets={facets} onCreated={setFacet} />

      <h4>{t('learn.assist.title')}</h4>
      <AssistLists key={facet} facet={facet} />

      {versions.length >= 2 && (
        <div className="learn-compare">
          <h4>{t('learn.compare.title')}</h4>
          {[
            [compareA, setCompareA, 'a'],
            [compareB, setCompareB, 'b'],
          ].map(([value, set, key]) => (
            <select
              key={key as string}
              value={(value as number | null) ?? ''}
              onChange={(e) => (set as (n: number | null) => void)(e.target.value ? Number(e.target.value) : null)}
              data-testid={`learn-compare-${key as string}`}
            >
              <option value="">{t('learn.compare.pick')}</option>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </select>
          ))}
          <button type="button" onClick={() => void compare()} disabled={compareA === null || compareB === null || compareA === compareB} data-testid="learn-compare">
            {t('learn.compare.run')}
          </button>
          {comparison && (
            <div data-testid="learn-comparison">
              <p>
                {t('learn.compare.summary', { ...comparedScores(t, comparison), disagree: comparison.disagreements.length })}
              </p>
              <p className="learn-hint" data-testid="learn-compare-basis">
                {t(`learn.compare.basis.${comparison.basis}`)}
                {comparison.untracked.length > 0 && ` ${t('learn.compare.untracked', { versions: comparison.untracked.join(', '), count: comparison.untracked.length })}`}
              </p>
              <p className="learn-hint" data-testid="learn-compare-chance">
                {t(comparison.pValue < 0.05 ? 'learn.compare.chanceUnlikely' : 'learn.compare.chanceLikely', {
                  onlyA: comparison.onlyA,
                  onlyB: comparison.onlyB,
                  a: comparison.a.version,
                  b: comparison.b.version,
                  p: comparison.pValue < 0.001 ? '< 0.001' : comparison.pValue.toFixed(3),
                })}
              </p>
              <div className="learn-confusions">
                {[comparison.a, comparison.b].map((side) => (
                  <table key={side.id} className="learn-confusion">
                    <caption>{side.version}</caption>
                    <thead>
                      <tr>
                        <th>{t('learn.compare.trueVsPredicted')}</th>
                        {comparison.labels.map((l) => (
                          <th key={l}>{labelName(l)}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {side.confusion.map((row, i) => (
                        <tr key={comparison.labels[i]}>
                          <th>{labelName(comparison.labels[i])}</th>
                          {row.map((n, j) => (
                            <td key={j} className={i === j ? 'diag' : ''}>
                              {n}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
              </div>
              {comparison.disagreements.length > 0 && openInGrid && (
                <button
                  type="button"
                  data-testid="learn-disagreements-open"
                  onClick={() =>
                    openInGrid({
                      kind: 'disagreements',
                      facet,
                      // the grid's id filter takes at most 5,000
                      ids: comparison.disagreements.slice(0, 5000).map((d) => d.imageId),
                      detail: { a: comparison.a.version, b: comparison.b.version },
                    })
                  }
                >
                  {t('learn.compare.openInGrid')}
                </button>
              )}
              {comparison.disagreements.length > 0 && (
                <ul className="learn-thumbs learn-disagreements" data-testid="learn-disagreements">
                  {comparison.disagreements.slice(0, 50).map((d) => (
                    <li key={d.imageId}>
                      <Thumb id={d.imageId} alt={labelName(d.truth)} />
                      {t('learn.compare.item', { truth: labelName(d.truth), a: labelName(d.a), b: labelName(d.b) })}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="learn-error" data-testid="learn-error">
          {error}
        </p>
      )}
    </section>
  );
}
