import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { Thumb } from './Thumb.js';
import { useOpenInGrid } from '../review/openInGrid.js';

/**
 * Active-learning helpers for a facet: what to label next (typical images of
 * unlabelled parts first, then the most informative images) and reviewed labels a
 * cross-validated model strongly disagrees with (worth a second look).
 */
export function AssistLists({ facet }: { facet: string }) {
  const client = useClient();
  const { t } = useTranslation();
  const openInGrid = useOpenInGrid();
  const [suggest, setSuggest] = useState<CallOutput<'learn.suggest'> | null>(null);
  const [suspects, setSuspects] = useState<CallOutput<'learn.suspects'> | null>(null);
  // Which search runs (a few seconds on a large catalogue): said, so the wait is not silent.
  const [busy, setBusy] = useState<'suggest' | 'suspects' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (which: 'suggest' | 'suspects', work: () => Promise<void>) => {
    setBusy(which);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="learn-assist">
      <button type="button" disabled={busy !== null} data-testid="learn-suggest" onClick={() => void run('suggest', async () => setSuggest(await client.call('learn.suggest', { facet, limit: 20 })))}>
        {t('learn.assist.suggest')}
      </button>
      <button type="button" disabled={busy !== null} data-testid="learn-suspects" onClick={() => void run('suspects', async () => setSuspects(await client.call('learn.suspects', { facet, limit: 50 })))}>
        {t('learn.assist.suspects')}
      </button>
      {busy && (
        <p role="status" className="learn-hint" data-testid="learn-assist-busy">
          {t(`learn.assist.busy.${busy}`)}
        </p>
      )}
      {suggest && (
        <div data-testid="learn-suggestions">
          <p>{t(`learn.assist.mode.${suggest.mode}`, { count: suggest.items.length, unlabelled: suggest.unlabelled })}</p>
          {/* Labelling happens in the grid: open the suggestions there, in their order. */}
          {openInGrid && suggest.items.length > 0 && (
            <button
              type="button"
              data-testid="learn-suggestions-open"
              onClick={() =>
                openInGrid({ kind: 'suggested', facet, ids: suggest.items.map((it) => it.imageId), detail: { mode: suggest.mode, unlabelled: suggest.unlabelled } })
              }
            >
              {t('learn.compare.openInGrid')}
            </button>
          )}
          <ul className="learn-thumbs">
            {suggest.items.map((it, n) => (
              <li key={it.imageId}>
                <Thumb id={it.imageId} alt={t('learn.assist.suggestedAlt', { n: n + 1 })} />
                {it.score !== null && <small>{it.score.toFixed(2)}</small>}
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
