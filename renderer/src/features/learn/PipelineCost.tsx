import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineInfo, PipelineSwitch, PipelinesList } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ComputeFeatures } from './ComputeFeatures.js';
import { ConfirmPipelineSwitch } from './ConfirmPipelineSwitch.js';
import { fullDate, numberText, percentText } from '../../i18n/numbers.js';
import { minutes } from './pipelineText.js';

/**
 * The catalogue's feature pipeline and what each one costs, shown honestly:
 * accuracy from the model card's block cross-validation (its source named),
 * speed only where real runs measured it on this computer (the median of the
 * recent ones, never a guess), and the memory each needs. Admins can switch
 * after seeing what the server says switching would do (a dry run); images
 * the current pipeline has no features for can be computed here.
 */
export function PipelineCost() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  // Only admins may switch, archivists compute (the server decides in any case); unknown until auth.me answers, as the team feature does.
  const [allowed, setAllowed] = useState<string[] | null>(null);
  const [list, setList] = useState<PipelinesList | null>(null);
  // The server's answer to a dry run: what switching would do, shown for confirmation.
  const [preview, setPreview] = useState<PipelineSwitch | null>(null);
  const [switched, setSwitched] = useState<PipelineSwitch | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => client.call('pipelines.list', {}).then(setList, (err: Error) => setError(err.message)), [client]);
  useEffect(() => {
    void refresh();
    client.call('auth.me', {}).then(
      (me) => setAllowed(me.allowed),
      () => undefined,
    );
    // A classify run records its speed; a switch elsewhere changes the active pipeline.
    return client.onEvent((event) => {
      if (event.type === 'catalogue-changed') void refresh();
    });
  }, [client, refresh]);
  const may = (call: string) => allowed === null || allowed.includes(call);

  // Use first asks the server what switching would do; nothing changes until confirmed.
  const ask = async (id: string) => {
    setError(null);
    setSwitched(null);
    try {
      setPreview(await client.call('pipelines.use', { id, dryRun: true }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const confirm = async (id: string) => {
    setPreview(null);
    try {
      setSwitched(await client.call('pipelines.use', { id }));
    } catch (err) {
      setError((err as Error).message);
    }
    void refresh();
  };

  if (!list) return error ? <p className="error-text">{error}</p> : null;
  const nameOf = (id: string) => list.pipelines.find((p) => p.id === id)?.name ?? id;
  const current = list.pipelines.find((p) => p.active) ?? null;
  const speed = (p: PipelineInfo) =>
    p.measured ? t('pipelineSwitch.speedMedian', { rate: numberText(p.measured.imagesPerSecond, i18n.language, 2), count: p.measured.runs }) : t('pipelines.notMeasured');
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
              <td>{p.blockCvAccuracy === null ? '—' : percentText(p.blockCvAccuracy, i18n.language)}</td>
              <td>{p.relativeCost === null ? '—' : t('pipelines.costValue', { cost: numberText(p.relativeCost, i18n.language) })}</td>
              <td data-testid={`pipeline-speed-${p.name}`}>
                {speed(p)}
                {p.measured && (
                  <div className="muted">
                    {t('pipelineSwitch.lastRun', {
                      date: fullDate(p.measured.measuredAt, i18n.language),
                      images: p.measured.images,
                      seconds: numberText(p.measured.seconds, i18n.language),
                      workers: p.measured.workers,
                      backend: p.measured.backend,
                    })}
                  </div>
                )}
              </td>
              <td>{p.memoryKey ? t(`pipelines.${p.memoryKey}`) : '—'}</td>
              <td>
                {!p.active && may('pipelines.use') && (
                  <button type="button" onClick={() => void ask(p.id)} data-testid={`pipeline-use-${p.name}`}>
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
            {h.pipeline
              ? t('pipelines.mismatch', { version: h.version, facet: h.facet, head: nameOf(h.pipeline) })
              : t('pipelineSwitch.mismatchOld', { version: h.version, facet: h.facet })}
          </p>
        ))}
      {switched?.changed && (
        <p role="status" data-testid="pipeline-switched">
          {t('pipelines.switched', { kept: switched.keptVectors })}
        </p>
      )}
      {current && <ComputeFeatures pipeline={current} mayCompute={may('classify.features')} onEnded={() => void refresh()} />}
      {error && (
        <p className="error-text" role="alert" data-testid="pipeline-error">
          {error}
        </p>
      )}
      <p className="muted" title={list.source}>
        {t('pipelines.source')}
      </p>
      {preview && (
        <ConfirmPipelineSwitch preview={preview} nameOf={nameOf} onCancel={() => setPreview(null)} onConfirm={() => void confirm(preview.pipeline)} />
      )}
    </section>
  );
}
