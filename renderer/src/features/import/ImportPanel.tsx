import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJobInfo, ImportRoot } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';
import { disabledReason } from '../../components/disabledReason.js';
import { ClassifyNext } from '../classify/ClassifyNext.js';
import { ImportErrors } from './ImportErrors.js';
import { ImportProgress } from './ImportProgress.js';
import { ImportRoots } from './ImportRoots.js';
import { MetadataImport } from './MetadataImport.js';
import { useDroppedPaths } from './useDroppedPaths.js';
import './import.css';

/**
 * Import photo folders: a path field (browser mode), the native folder picker
 * and drag-and-drop (desktop), live progress with cancel, the list of files
 * that could not be imported, continuing cut-off imports, and relinking
 * import folders that moved.
 */
export function ImportPanel() {
  const client = useClient();
  const { t } = useTranslation();
  const [pathText, setPathText] = useState('');
  const [importJobId, setImportJobId] = useState<number | null>(null);
  const [resumable, setResumable] = useState<ImportJobInfo[]>([]);
  const [roots, setRoots] = useState<ImportRoot[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [jobs, r] = await Promise.all([client.call('import.jobs', { limit: 20 }), client.call('import.roots', {})]);
      setResumable(jobs.filter((j) => j.state === 'interrupted' || (j.state === 'cancelled' && j.pending > 0)));
      setRoots(r);
      return jobs;
    } catch (err) {
      setError((err as Error).message);
      return [];
    }
  }, [client]);

  // Follow the import started here; pick up one already running (panel reopened) or started elsewhere while none runs here.
  const { job, follow, reset } = useJob('import', { adopt: 'idle' });
  useEffect(() => {
    void (async () => {
      const jobs = await refresh();
      // The catalogue's side of an import already running: its files that failed show once it ends.
      const live = jobs.find((j) => j.state === 'running' || j.state === 'scanning');
      if (live) setImportJobId((id) => id ?? live.id);
    })();
  }, [refresh]);

  const finished = job !== null && job.state !== 'running';
  useEffect(() => {
    if (finished && importJobId !== null) void refresh();
  }, [finished, importJobId, refresh]);

  const begin = async (call: () => Promise<{ jobId: string; importJobId: number; resumed: boolean }>) => {
    setError(null);
    setNotice(null);
    try {
      reset();
      const started = await call();
      // Events may have come before we knew the id: useJob kept them, and catches up.
      follow(started.jobId);
      setImportJobId(started.importJobId);
      if (started.resumed) setNotice(t('import.resumedNotice', { id: started.importJobId }));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const importPaths = (paths: string[]) => {
    const clean = paths.map((p) => p.trim()).filter(Boolean);
    if (!clean.length) {
      setError(t('import.noPath'));
      return;
    }
    void begin(() => client.call('import.start', { paths: clean }));
  };

  const running = job?.state === 'running';
  const onDrop = useCallback(
    (paths: string[]) => {
      if (!paths.length) {
        setError(t('import.dropBrowser'));
        return;
      }
      if (!running) void begin(() => client.call('import.start', { paths }));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, running, t],
  );
  const dragOver = useDroppedPaths(client.shell, onDrop);

  const pick = async () => {
    if (!client.shell) return;
    const paths = await client.shell.pickFolders();
    if (paths.length) importPaths(paths);
  };

  // A greyed-out Import says why.
  const startBlocked = disabledReason([running, t('import.disabled.running')], [!pathText.trim(), t('import.disabled.noPath')]);

  const cancel = () => {
    if (job) void client.call('jobs.cancel', { id: job.id }).catch((err: Error) => setError(err.message));
  };

  return (
    <section className={`import-panel${dragOver ? ' drag-over' : ''}`} data-testid="import-panel" aria-labelledby="import-title">
      <h3 id="import-title">{t('import.title')}</h3>
      <p className="import-intro">{t(client.shell ? 'import.introDesktop' : 'import.introBrowser')}</p>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          importPaths(pathText.split('\n'));
        }}
      >
        {client.shell && (
          <button type="button" onClick={() => void pick()} disabled={running} data-testid="import-pick">
            {t('import.pick')}
          </button>
        )}
        <label>
          {t('import.pathLabel')}
          <textarea
            rows={2}
            value={pathText}
            onChange={(e) => setPathText(e.target.value)}
            placeholder={t('import.pathPlaceholder')}
            data-testid="import-path"
            disabled={running}
          />
        </label>
        <button type="submit" disabled={startBlocked !== undefined} title={startBlocked} data-testid="import-start">
          {t('import.start')}
        </button>
      </form>
      {dragOver && <div className="import-drop-hint">{t('import.dropHere')}</div>}
      {notice && <p data-testid="import-notice">{notice}</p>}
      {job && <ImportProgress job={job} onCancel={cancel} />}
      {finished && job.done > 0 && <ClassifyNext key={job.id} />}
      {finished && importJobId !== null && <ImportErrors key={importJobId} importJobId={importJobId} />}
      {!running && resumable.length > 0 && (
        <section className="import-resumable" data-testid="import-resumable">
          <h4>{t('import.resumable.title')}</h4>
          <ul>
            {resumable.map((j) => (
              <li key={j.id}>
                {j.paths.join(', ')} · {t('import.resumable.left', { pending: j.pending, found: j.found })} ·{' '}
                {t(`import.state.${j.state}`)}{' '}
                <button type="button" onClick={() => void begin(() => client.call('import.resume', { importJobId: j.id }))} data-testid={`import-resume-${j.id}`}>
                  {t('import.resumable.continue')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ImportRoots roots={roots} onChanged={() => void refresh()} />
      <MetadataImport />
      {error && (
        <p role="alert" className="error-banner" data-testid="import-error">
          {error}
        </p>
      )}
    </section>
  );
}
