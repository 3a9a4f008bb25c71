import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useFacetName } from '../../components/FacetOptions.js';
import { useOpenClassify } from './openClassify.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

interface Unclassified {
  facet: Facet;
  count: number;
}

/**
 * The step after an import, or after activating or rolling back a version: classify the
 * images the active model has not seen, per facet that has one (`facet`: that facet
 * only). Starting it takes the user to the classify screen, where its progress is.
 */
export function ClassifyNext({ facet: only, testId = 'import-next' }: { facet?: string; testId?: string } = {}) {
  const client = useClient();
  const { t } = useTranslation();
  const nameOf = useFacetName();
  const openClassify = useOpenClassify();
  const [offers, setOffers] = useState<Unclassified[]>([]);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    void (async () => {
      // Every facet is asked, not only those listing an active model: the shipped heads are registered
      // on a catalogue's first classify.status, so in a new catalogue none is listed before that.
      const facets = (await client.call('facet.list', {})).filter((f) => only === undefined || f.key === only);
      const statuses = await Promise.all(facets.map((f) => client.call('classify.status', { facet: f.key })));
      const found = facets
        .map((facet, i) => ({ facet, status: statuses[i] }))
        .filter(({ status }) => status.modelVersion !== null && !status.unavailable && status.predicted < status.images)
        .map(({ facet, status }) => ({ facet, count: status.images - status.predicted }));
      if (alive) setOffers(found);
    })().catch(() => undefined); // no offer is the right fallback: the Classify tab is still there
    return () => {
      alive = false;
    };
  }, [client, only]);

  const classify = async (facet: string) => {
    setBusy(true);
    setError(null);
    try {
      const { jobId } = await client.call('classify.start', { facet, onlyUnpredicted: true });
      if (openClassify) openClassify({ facet, jobId });
      else setStarted(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!offers.length) return null;
  return (
    <section className="import-next" data-testid={testId} aria-labelledby="import-next-title">
      <h4 id="import-next-title">{t('import.next.title')}</h4>
      {offers.map(({ facet, count }) => (
        <button type="button" key={facet.key} disabled={busy || started} title={started ? t('import.next.startedTitle') : undefined} onClick={() => void classify(facet.key)} data-testid={`import-classify-${facet.key}`}>
          {t('import.next.classify', { count, facet: nameOf(facet) })}
        </button>
      ))}
      {started && <p>{t('import.next.started')}</p>}
      {error && <ErrorBanner>{error}</ErrorBanner>}
    </section>
  );
}
