import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRoot, RelinkResult } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

/** Import folders of the catalogue; one whose drive moved is pointed at its new place (relink). */
export function ImportRoots({ roots, onChanged }: { roots: ImportRoot[]; onChanged: () => void }) {
  const client = useClient();
  const { t } = useTranslation();
  const [editing, setEditing] = useState<number | null>(null);
  const [target, setTarget] = useState('');
  const [result, setResult] = useState<RelinkResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const relink = async (rootId: number, to: string) => {
    setError(null);
    try {
      setResult(await client.call('import.relink', { rootId, to }));
      setEditing(null);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const start = async (root: ImportRoot) => {
    setResult(null);
    if (client.shell) {
      const [picked] = await client.shell.pickFolders();
      if (picked) await relink(root.id, picked);
      return;
    }
    setTarget('');
    setEditing(root.id);
  };

  if (!roots.length) return null;
  return (
    <section className="import-roots" data-testid="import-roots" aria-labelledby="import-roots-title">
      <h4 id="import-roots-title">{t('import.roots.title')}</h4>
      <ul>
        {roots.map((r) => (
          <li key={r.id} data-available={r.available}>
            <code>{r.path}</code> · {t('import.roots.images', { count: r.images })}
            {r.missing > 0 && <> · {t('import.roots.missing', { count: r.missing })}</>}
            {!r.available && <strong> · {t('import.roots.unavailable')}</strong>}{' '}
            <button type="button" onClick={() => void start(r)} data-testid={`import-relink-${r.id}`}>
              {t('import.roots.relink')}
            </button>
            {editing === r.id && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (target.trim()) void relink(r.id, target.trim());
                }}
              >
                <label>
                  {t('import.roots.newPath')} <input value={target} onChange={(e) => setTarget(e.target.value)} data-testid="import-relink-path" />
                </label>
                <button type="submit">{t('import.roots.apply')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {result && (
        <p data-testid="import-relink-result">
          {t('import.roots.result', { byPath: result.byPath, byHash: result.byHash, missing: result.missing, images: result.images })}
        </p>
      )}
      {error && <ErrorBanner>{error}</ErrorBanner>}
    </section>
  );
}
