import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/context.js';
import { disabledReason } from '../../components/disabledReason.js';
import { OutputFolderField } from './OutputFolderField.js';

/**
 * IIIF export: manifests and static image tiles to a folder, for any web
 * server at the given address. The address is checked by the core (absolute
 * http(s)); here only that something is typed.
 */
interface Props {
  running: boolean;
  /** The panel's way of running an action: clears and shows its errors. */
  run: (work: () => Promise<void>) => Promise<void>;
  /** Follow the started job in the panel. */
  onStarted: (jobId: string) => Promise<void>;
}

export function IiifExportForm({ running, run, onStarted }: Props) {
  const client = useClient();
  const { t } = useTranslation();
  const [out, setOut] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [force, setForce] = useState(false);
  const blocked = disabledReason(
    [running, t('export.disabled.running')],
    [!out.trim(), t('export.disabled.noFolder')],
    [!baseUrl.trim(), t('exportInterop.iiif.noBaseUrl')],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await client.call('export.iiif', { out: out.trim(), baseUrl: baseUrl.trim(), force });
      await onStarted(r.jobId);
    });
  };

  return (
    <form className="export-section" data-testid="export-iiif" onSubmit={submit}>
      <h4>{t('exportInterop.iiif.title')}</h4>
      <p>{t('exportInterop.iiif.help')}</p>
      <OutputFolderField value={out} onChange={setOut} testId="export-iiif-out" placeholder={t('exportInterop.iiif.folderPlaceholder')} run={run} />
      <label className="export-field">
        {t('exportInterop.iiif.baseUrl')}
        <input data-testid="export-iiif-base" type="text" inputMode="url" value={baseUrl} placeholder="https://museum.contoh/iiif" onChange={(e) => setBaseUrl(e.target.value)} />
      </label>
      <label className="export-check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('export.training.force')}
      </label>
      <div className="export-actions">
        <button type="submit" disabled={blocked !== undefined} title={blocked} data-testid="export-iiif-submit">
          {t('exportInterop.iiif.start')}
        </button>
      </div>
    </form>
  );
}
