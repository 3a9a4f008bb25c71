import { useTranslation } from 'react-i18next';
import type { ImportFileError } from '../../../../electron/common/contract/index.js';

/** Files an import could not take: where each is and why, in the user's words. */
export function ImportErrors({ total, items }: { total: number; items: ImportFileError[] }) {
  const { t } = useTranslation();
  if (!total) return null;
  return (
    <section className="import-errors" data-testid="import-errors" aria-labelledby="import-errors-title">
      <h4 id="import-errors-title">{t('import.errors.title', { count: total })}</h4>
      <ul>
        {items.map((e) => (
          <li key={e.path}>
            <code className="import-error-path">{e.path}</code>
            <span className="import-error-reason">
              {e.code !== 'other' && <strong>{t(`import.reason.${e.code}`)}</strong>} <span lang="en">({e.reason})</span>
            </span>
          </li>
        ))}
      </ul>
      {total > items.length && <p>{t('import.errors.more', { count: total - items.length })}</p>}
    </section>
  );
}
