import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { Thumb } from './Thumb.js';

/**
 * Active-learning helpers for a facet: what to label next (typical images of
 * unlabelled parts first, then the most informative images) and reviewed labels a
 * cross-validated model strongly disagrees with (worth a second look).
 */
export function AssistLists({ facet }: { facet: string }) {
  const client = useClient();
  const { t } = useTranslation();
  const [suggest, setSuggest] = useState<CallOutput<'learn.suggest'> | null>(null);
  const [suspects, setSuspects] = useState<CallOutput<'learn.suspects'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="learn-assist">
      <button type="button" disabled={busy} data-testid="learn-suggest" onClick={() => void run(async () => setSuggest(await client.call('learn.suggest', { facet, limit: 20 })))}>
        {t('learn.assist.suggest')}
      </button>
      <button type="button" disabled={busy} data-testid="learn-suspects" onClick={() => void run(async () => setSuspects(await client.call('learn.suspects', { facet, limit: 50 })))}>
        {t('learn.assist.suspects')}
      </button>
      {suggest && (
        <div data-testid="learn-suggestions">
          <p>{t(`learn.assist.mode.${suggest.mode}`, { count: suggest.items.length, unlabelled: suggest.unlabelled })}</p>
          <ul className="learn-thumbs">
            {suggest.items.map((it) => (
              <li key={it.imageId}>
                <Thumb id={it.imageId} alt={`#${it.imageId}`} />#{it.imageId}
                {it.score !== null && <small> · {it.score.toFixed(2)}</small>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {suspects && (
        <div data-testid="learn-suspect-list">
          <p>{t('learn.assist.suspectsFound', { count: suspects.items.length, checked: suspects.checked })}</p>
          <ul className="learn-thumbs">
            {suspects.items.map((s) => (
              <li key={s.imageId}>
                <Thumb id={s.imageId} alt={s.givenName} />
                {t('learn.assist.suspect', { given: s.givenName, predicted: s.predictedName, p: (s.predictedProbability * 100).toFixed(0) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="learn-error">
          {error}
        </p>
      )}
    </div>
  );
}
