import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportErrorKind, ImportFileError } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

const ERRORS_SHOWN = 200;

/**
 * Files an import could not take: how many of each kind, then where each file of one kind is
 * and why. A README or a spreadsheet in a photo folder is reported too, but as its own kind,
 * listed last, so the few damaged photos of a big archive are what the list opens on.
 */
export function ImportErrors({ importJobId }: { importJobId: number }) {
  const client = useClient();
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<{ total: number; byCode: ImportErrorKind[]; code: string | null; items: ImportFileError[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  // One kind's files with the counts of all; without a kind, the first (the core lists the most serious first).
  const load = useCallback(
    async (chosen: string | null) => {
      const ask = ++asked.current;
      try {
        const counts = chosen ? null : await client.call('import.errors', { importJobId, limit: 1 });
        const code = chosen ?? counts?.byCode[0]?.code ?? null;
        const r = code ? await client.call('import.errors', { importJobId, code, limit: ERRORS_SHOWN }) : counts!;
        if (ask === asked.current) setAnswer({ ...r, code });
      } catch (err) {
        if (ask === asked.current) setError((err as Error).message);
      }
    },
    [client, importJobId],
  );
  useEffect(() => {
    void load(null);
    const answers = asked;
    return () => {
      answers.current++; // an answer arriving after unmount is dropped
    };
  }, [load]);

  if (error) {
    return (
      <ErrorBanner testId="import-errors-failed">{error}</ErrorBanner>
    );
  }
  // The sentence in the interface language; "sized"/"named" when the reason gave the pixel counts or the format.
  const reasonText = (e: ImportFileError) => {
    const params = e.params ?? {};
    return t(`import.reasonText.${e.code}`, { ...params, context: params.width ? 'sized' : params.format ? 'named' : undefined });
  };
  if (!answer?.total) return null;
  const { total, byCode: kinds, code, items } = answer;
  const count = kinds.find((k) => k.code === code)?.count ?? 0;
  return (
    <section className="import-errors" data-testid="import-errors" aria-labelledby="import-errors-title">
      <h4 id="import-errors-title">{t('import.errors.title', { count: total })}</h4>
      <div className="import-error-kinds" role="group" aria-label={t('import.errors.kinds')} data-testid="import-error-kinds">
        {kinds.map((k) => (
          <button type="button" key={k.code} aria-pressed={k.code === code} onClick={() => void load(k.code)} data-testid={`import-error-kind-${k.code}`}>
            {t(`import.reason.${k.code}`)}: {k.count}
          </button>
        ))}
      </div>
      <ul data-testid="import-error-list">
        {items.map((e) => (
          <li key={e.path}>
            <code className="import-error-path">{e.path}</code>
            {e.code === 'other' ? (
              // a reason of no known kind is shown as the core wrote it
              <span className="import-error-reason" lang="en">
                {e.reason}
              </span>
            ) : (
              <span className="import-error-reason">{reasonText(e)}</span>
            )}
          </li>
        ))}
      </ul>
      {count > items.length && <p>{t('import.errors.more', { count: count - items.length })}</p>}
    </section>
  );
}
