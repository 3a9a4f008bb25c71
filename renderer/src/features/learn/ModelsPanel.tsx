import { useCallback, useEffect, useState } from 'react';
import { useCurrentFacet } from '../../components/currentFacet.js';
import { useTranslation } from 'react-i18next';
import { FacetOptions } from '../../components/FacetOptions.js';
import type { Facet, FacetEvaluation, FirstModelStatus, ModelVersion } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { AssistLists } from './AssistLists.js';
import { CompareVersions } from './CompareVersions.js';
import { PipelineCost } from './PipelineCost.js';
import { FacetsSection } from './FacetsSection.js';
import { StaleEmbeddingsNotice } from './StaleEmbeddings.js';
import { TrainSection } from './TrainSection.js';
import { useTraining } from './useTraining.js';
import { VersionsSection } from './VersionsSection.js';

/**
 * Learning from the validators, for one facet at a time: train a new head
 * (TrainSection, useTraining), list its versions with metrics and scores on
 * the facet's evaluation set, activate, roll back and open reports
 * (VersionsSection), compare two on the same images (CompareVersions). This
 * component holds what they share: the facet, its versions and readiness,
 * and the error shown.
 */
export function ModelsPanel() {
  const client = useClient();
  const { t } = useTranslation();
  const [facets, setFacets] = useState<Facet[]>([]);
  // Opens on the facet the user is working on (the review screen's); tema only where none is known yet.
  const working = useCurrentFacet();
  const [facet, setFacet] = useState(() => working ?? 'tema');
  const [versions, setVersions] = useState<ModelVersion[]>([]);
  // Reviewed examples per label against the trainer's minimum: whether Train can work, and how far a new facet is from its first model.
  const [firstModel, setFirstModel] = useState<FirstModelStatus | null>(null);
  // Every version on the facet's evaluation set.
  const [evaluation, setEvaluation] = useState<FacetEvaluation | null>(null);
  const [error, setError] = useState<string | null>(null);

  /** A refusal to show, or null to clear it (a new action). */
  const fail = useCallback((err: unknown) => setError(err === null ? null : (err as Error).message), []);

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

  const training = useTraining(facet, () => void refresh(), fail);

  // Another facet: nothing of the previous one's (an error, a finished run, a comparison) stays on screen.
  useEffect(() => {
    void refresh();
    setError(null);
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
    // A facet created or extended here or in another window.
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed' && event.reason === 'facets') void loadFacets();
    });
  }, [client, fail]);

  // The core's readiness (two labels at least, each with the minimum of reviewed examples), as the trainer checks it.
  const status = firstModel?.facet === facet ? firstModel : null;

  return (
    <section className="learn-panel" data-testid="learn-panel" aria-labelledby="learn-title">
      <h3 id="learn-title">{t('learn.title')}</h3>
      <label>
        {t('learn.facet')}{' '}
        <select
          value={facet}
          onChange={(e) => setFacet(e.target.value)}
          disabled={training.running}
          title={training.running ? t('learn.disabled.training') : undefined}
          data-testid="learn-facet"
        >
          <FacetOptions facets={facets} />
        </select>
      </label>

      <TrainSection training={training} status={status} hasVersions={versions.length > 0} />
      <VersionsSection facet={facet} facets={facets} versions={versions} evaluation={evaluation} status={status} refresh={refresh} onError={fail} />
      <StaleEmbeddingsNotice />
      <PipelineCost />
      <FacetsSection facets={facets} onCreated={setFacet} />

      <h4>{t('learn.assist.title')}</h4>
      <AssistLists key={facet} facet={facet} />

      {versions.length >= 2 && <CompareVersions key={facet} facet={facet} versions={versions} onError={fail} />}
      {error && (
        <p role="alert" className="learn-error" data-testid="learn-error">
          {error}
        </p>
      )}
    </section>
  );
}
