import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FacetOptions } from '../../components/FacetOptions.js';
import { jobResult, REVIEW_STATUSES, TRAINING_STATUSES, type Facet, type ReviewStatus } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useJob } from '../../api/useJob.js';
import { useCurrentGridView } from '../review/currentView.js';
import { useCurrentFacet } from '../../components/currentFacet.js';
import { disabledReason } from '../../components/disabledReason.js';
import { toWireFilter } from '../review/reviewApi.js';
import './export.css';
import { jobMessage } from '../../components/jobMessage.js';
import { CsvProfileFields, csvProfileInput, DEFAULT_CSV_PROFILE, type CsvProfileChoice } from './CsvProfileFields.js';
import { IiifExportForm } from './IiifExportForm.js';
import { OutputFolderField } from './OutputFolderField.js';

/**
 * Export panel: the catalogue as CSV/JSON, and reviewed labels as training
 * data. Where files go depends on the shell: in the desktop app a native save
 * dialog / folder picker chooses the path (the dialog has already confirmed
 * replacing a file, so the call passes force); in browser mode CSV and JSON
 * are downloaded, and training data goes to a folder path typed by the user
 * (the loopback server runs on the user's own machine).
 */
type Format = 'csv' | 'json';
/** The validation share is asked in whole percent, as the review grid's confidence is: no decimal separator to get wrong in either language. */
const VAL_MAX_PERCENT = 95;

/** The typed validation share as a whole percent from 0 to VAL_MAX_PERCENT, else null. */
function parsePercent(text: string): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= VAL_MAX_PERCENT ? n : null;
}

function download(content: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

export function ExportPanel() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const [facets, setFacets] = useState<Facet[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The export started here; an event that comes before the next render, or before the start call answers, is kept (useJob).
  const { job, follow } = useJob('export');

  // Catalogue export form.
  const [format, setFormat] = useState<Format>('csv');
  const [catFacet, setCatFacet] = useState('');
  const [statuses, setStatuses] = useState<string[]>([]);
  // "Only what the review grid shows": the grid's whole filter, handed over by the app.
  const gridView = useCurrentGridView();
  const [useGrid, setUseGrid] = useState(false);
  const [csvProfile, setCsvProfile] = useState<CsvProfileChoice>(DEFAULT_CSV_PROFILE);

  // Training export form.
  const [trainFacet, setTrainFacet] = useState('');
  const [include, setInclude] = useState<string[]>([...TRAINING_STATUSES]);
  const [val, setVal] = useState('20');
  const [seed, setSeed] = useState('42');
  const [out, setOut] = useState('');
  const [force, setForce] = useState(false);
  const [copy, setCopy] = useState(false);

  // The training export opens on the facet the user is working on (the review screen's).
  const working = useCurrentFacet();
  useEffect(() => {
    client.call('facet.list', {}).then(
      (f) => {
        setFacets(f);
        setTrainFacet((cur) => cur || (f.find((x) => x.key === working)?.key ?? f[0]?.key ?? ''));
      },
      (err: Error) => setError(err.message),
    );
    // the first choice only: a later change of the working facet does not override the user's pick here
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  const running = job?.state === 'running';
  const valPercent = parsePercent(val);
  // Greyed-out controls say why, as their title.
  const followsGrid = useGrid && gridView ? t('export.disabled.followsGrid') : undefined;
  const whileRunning = running ? t('export.disabled.running') : undefined;
  const trainingBlocked = disabledReason(
    [running, t('export.disabled.running')],
    [!trainFacet, t('export.disabled.noFacet')],
    [!include.length, t('export.disabled.noInclude')],
    [valPercent === null, t('export.training.valInvalid', { max: VAL_MAX_PERCENT })],
    [!out.trim(), t('export.disabled.noFolder')],
  );

  const run = useCallback(async (work: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  // A short export may finish before its first event reaches us: useJob catches up.
  const started = async (id: string) => follow(id);

  const exportCatalogue = (e: FormEvent) => {
    e.preventDefault();
    const filter =
      useGrid && gridView
        ? { facet: gridView.facet, grid: toWireFilter(gridView.filter) }
        : catFacet
          ? { facet: catFacet, statuses: statuses.length ? (statuses as ReviewStatus[]) : null }
          : {};
    const profile = csvProfileInput(csvProfile, i18n.language);
    void run(async () => {
      if (client.shell) {
        const stamp = new Date().toISOString().slice(0, 10);
        const target = await client.shell.pickSaveFile({ defaultName: `canting-katalog-${stamp}.${format}`, extensions: [format] });
        if (!target) return;
        const r = format === 'csv' ? await client.call('export.csv', { out: target, force: true, filter, ...profile }) : await client.call('export.json', { out: target, force: true, filter });
        await started(r.jobId);
      } else {
        const r = format === 'csv' ? await client.call('export.csvContent', { filter, ...profile }) : await client.call('export.jsonContent', { filter });
        download(r.content, r.fileName, r.mime);
        setNotice(t('export.catalogue.downloaded', { count: r.images, file: r.fileName }));
      }
    });
  };

  const exportTraining = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await client.call('export.training', {
        facet: trainFacet,
        out: out.trim(),
        include,
        valFraction: (valPercent ?? 0) / 100,
        seed: Number(seed),
        force,
        copy,
      });
      await started(r.jobId);
    });
  };

  const summary = jobResult(job, 'export');

  return (
    <section className="export-panel" data-testid="export-panel" aria-labelledby="export-title">
      <h3 id="export-title">{t('export.title')}</h3>
      {error && (
        <div role="alert" className="error-banner" data-testid="export-error">
          {error}
        </div>
      )}
      {notice && (
        <p role="status" data-testid="export-notice">
          {notice}
        </p>
      )}

      <form className="export-section" data-testid="export-catalogue" onSubmit={exportCatalogue}>
        <h4>{t('export.catalogue.title')}</h4>
        <p>{t('export.catalogue.help')}</p>
        <fieldset className="export-choices">
          <legend>{t('export.catalogue.format')}</legend>
          {(['csv', 'json'] as const).map((f) => (
            <label key={f} className="export-check">
              <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              {t(`export.catalogue.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format === 'csv' && <CsvProfileFields value={csvProfile} onChange={setCsvProfile} />}
        {gridView && (
          <label className="export-check">
            <input type="checkbox" data-testid="export-use-grid" checked={useGrid} onChange={(e) => setUseGrid(e.target.checked)} />
            {t('export.catalogue.useGrid', { facet: gridView.facet })}
          </label>
        )}
        <label className="export-field">
          {t('export.facet')}
          <select data-testid="export-catalogue-facet" disabled={followsGrid !== undefined} title={followsGrid} value={catFacet} onChange={(e) => setCatFacet(e.target.value)}>
            <option value="">{t('export.catalogue.allFacets')}</option>
            <FacetOptions facets={facets} />
          </select>
        </label>
        <fieldset className="export-choices" disabled={!catFacet || followsGrid !== undefined} title={followsGrid ?? (catFacet ? undefined : t('export.disabled.statusesNeedFacet'))}>
          <legend>{t('export.catalogue.statuses')}</legend>
          {REVIEW_STATUSES.map((s) => (
            <label key={s} className="export-check">
              <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => setStatuses(toggle(statuses, s, e.target.checked))} />
              {t(`export.status.${s}`)}
            </label>
          ))}
        </fieldset>
        <div className="export-actions">
          <button type="submit" disabled={running} title={whileRunning} data-testid="export-catalogue-submit">
            {client.shell ? t('export.catalogue.save') : t('export.catalogue.download')}
          </button>
        </div>
      </form>

      <form className="export-section" data-testid="export-training" onSubmit={exportTraining}>
        <h4>{t('export.training.title')}</h4>
        <p>{t('export.training.help')}</p>
        <label className="export-field">
          {t('export.facet')}
          <select data-testid="export-training-facet" value={trainFacet} onChange={(e) => setTrainFacet(e.target.value)}>
            <FacetOptions facets={facets} />
          </select>
        </label>
        <fieldset className="export-choices">
          <legend>{t('export.training.include')}</legend>
          {TRAINING_STATUSES.map((s) => (
            <label key={s} className="export-check">
              <input type="checkbox" checked={include.includes(s)} onChange={(e) => setInclude(toggle(include, s, e.target.checked))} />
              {t(`export.status.${s}`)}
            </label>
          ))}
        </fieldset>
        <div className="export-row">
          <label className="export-field">
            {t('export.training.val', { max: VAL_MAX_PERCENT })}
            <input
              data-testid="export-val"
              type="number"
              min="0"
              max={VAL_MAX_PERCENT}
              step="1"
              value={val}
              aria-invalid={valPercent === null}
              aria-describedby={valPercent === null ? 'export-val-error' : undefined}
              onChange={(e) => setVal(e.target.value)}
            />
          </label>
          <label className="export-field">
            {t('export.training.seed')}
            <input data-testid="export-seed" type="number" min="0" step="1" value={seed} onChange={(e) => setSeed(e.target.value)} />
          </label>
        </div>
        {valPercent === null && (
          <p id="export-val-error" className="error-text" role="alert" data-testid="export-val-error">
            {t('export.training.valInvalid', { max: VAL_MAX_PERCENT })}
          </p>
        )}
        <OutputFolderField value={out} onChange={setOut} testId="export-out" placeholder={t('export.training.folderPlaceholder')} run={run} />
        <label className="export-check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('export.training.force')}
        </label>
        <label className="export-check">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} />
          {t('export.training.copy')}
        </label>
        <div className="export-actions">
          <button type="submit" disabled={trainingBlocked !== undefined} title={trainingBlocked} data-testid="export-training-submit">
            {t('export.training.start')}
          </button>
        </div>
      </form>

      <IiifExportForm running={running} run={run} onStarted={started} />

      {job && (
        <div className="export-job" data-testid="export-job" aria-live="polite">
          <span>
            {t(`export.state.${job.state}`)} · {t('export.progress', { done: job.done, found: job.found })}
          </span>
          {running && (
            <button type="button" onClick={() => void client.call('jobs.cancel', { id: job.id }).catch(() => {})}>
              {t('export.cancel')}
            </button>
          )}
          {job.state === 'failed' && job.message && <span className="error-text">{jobMessage(job, i18n)}</span>}
          {summary?.format === 'training' && (
            <p data-testid="export-result">
              {t('export.training.result', { train: summary.train, val: summary.val, out: summary.out, skipped: summary.skipped.length })}
            </p>
          )}
          {summary?.format === 'iiif' && (
            <p data-testid="export-result">
              {t('exportInterop.iiif.result', { count: summary.manifests, out: summary.out, baseUrl: summary.baseUrl, skipped: summary.skipped.length })}
            </p>
          )}
          {(summary?.format === 'csv' || summary?.format === 'json') && (
            <p data-testid="export-result">{t('export.catalogue.written', { count: summary.images, out: summary.out })}</p>
          )}
        </div>
      )}
    </section>
  );
}
