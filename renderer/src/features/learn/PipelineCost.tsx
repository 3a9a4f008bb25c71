import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineInfo, PipelineSwitch, PipelinesList } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

/**
 * The catalogue's feature pipeline and what each one costs, shown honestly:
 * accuracy from the model card's block cross-validation (its source named),
 * speed only where a real run measured it on this computer (never a guess),
 * and the memory each needs. Admins can switch; the answer says what must
 * be computed and retrained (the server refuses while a job runs).
 */
export function PipelineCost() {
  const client = useClient();
  const { t } = useTranslation();
  // Only admins may switch (the server decides in any case); unknown until auth.me answers, as the team feature does.
  const [maySwitch, setMaySwitch] = useState(true);
  const [list, setList] = useState<PipelinesList | null>(null);
  const [switched, setSwitched] = useState<PipelineSwitch | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => client.call('pipelines.list', {}).then(setList, (err: Error) => setError(err.message)), [client]);
  useEffect(() => {
    void refresh();
    client.call('auth.me', {}).then(
      (me) => setMaySwitch(me.allowed.includes('pipelines.use')),
      () => undefined,
    );
    // A classify run records its speed; a switch elsewhere changes the active pipeline.
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed') void refresh();
    });
  }, [client, refresh]);

  const use = async (id: string) => {
    setError(null);
    try {
      setSwitched(await client.call('pipelines.use', { id }));
    } catch (err) {
      setError((err as Error).message);
    }
    void refresh();
  };

  if (!list) return error ? <p className="error-text">{error}</p> : null;
  const speed = (p: PipelineInfo) =>
    p.measured ? t('pipelines.speedValue', { rate: p.measured.imagesPerSecond, workers: p.measured.workers }) : t('pipelines.notMeasured');
  return (
    <section className="pipeline-cost" data-testid="pipeline-cost" aria-labelledby="pipeline-cost-title">
      <h4 id="pipeline-cost-title">{t('pipelines.title')}</h4>
      <p className="muted">{t('pipelines.intro')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('pipelines.name')}</th>
            <th>{t('pipelines.accuracy')}</th>
            <th>{t('pipelines.cost')}</th>
            <th>{t('pipelines.speed')}</th>
            <th>{t('pipelines.memory')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.pipelines.map((p) => (
            <tr key={p.id} data-testid={`pipeline-${p.name}`} aria-current={p.active ? 'true' : undefined}>
              <td>
                <strong>{p.name}</strong>
                {p.active && ` (${t('pipelines.active')})`}
                {p.isDefault && !p.active && ` (${t('pipelines.default')})`}
                {!p.fineTune && <div className="muted">{t('pipelines.headOnly')}</div>}
                {p.withoutFeatures > 0 && (
                  <div className="muted">
                    {p.estimatedSeconds === null
                      ? t('pipelines.toCompute', { count: p.withoutFeatures })
                      : t('pipelines.toComputeTime', { count: p.withoutFeatures, minutes: minutes(p.estimatedSeconds) })}
                  </div>
                )}
              </td>
              <td>{p.blockCvAccuracy === null ? '—' : percent(p.blockCvAccuracy)}</td>
              <td>{p.relativeCost === null ? '—' : t('pipelines.costValue', { cost: p.relativeCost })}</td>
              <td
                title={
                  p.measured
                    ? t('pipelines.measuredTitle', { images: p.measured.images, seconds: p.measured.seconds, date: new Date(p.measured.measuredAt).toLocaleString(), backend: p.measured.backend })
                    : undefined
                }
              >
                {speed(p)}
              </td>
              <td>{p.memoryKey ? t(`pipelines.${p.memoryKey}`) : '—'}</td>
              <td>
                {!p.active && maySwitch && (
                  <button type="button" onClick={() => void use(p.id)} data-testid={`pipeline-use-${p.name}`}>
                    {t('pipelines.use')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.heads
        .filter((h) => !h.matches)
        .map((h) => (
          <p key={h.facet} className="warning" data-testid="pipeline-mismatch">
            {t('pipelines.mismatch', { version: h.version, facet: h.facet })}
          </p>
        ))}
      {switched?.changed && (
        <p role="status" data-testid="pipeline-switched">
          {t('pipelines.switched', { kept: switched.keptVectors })}{' '}
          {switched.toCompute > 0 &&
            (switched.estimatedSeconds === null
              ? t('pipelines.toCompute', { count: switched.toCompute })
              : t('pipelines.toComputeTime', { count: switched.toCompute, minutes: minutes(switched.estimatedSeconds) }))}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p className="muted" title={list.source}>
        {t('pipelines.source')}
      </p>
    </section>
  );
}
