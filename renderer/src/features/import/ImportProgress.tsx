import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../../electron/common/contract/index.js';
import { jobMessage } from '../../components/jobMessage.js';
import { numberText } from '../../i18n/numbers.js';

/** Found / imported / skipped / failed, rate and ETA of the running (or last) import. */
export function ImportProgress({ job, onCancel }: { job: JobStatus; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const running = job.state === 'running';
  const processed = job.done + job.skipped + job.failed;
  const scanning = running && job.message === 'scanning';
  // No rate until a second batch is in: the first one only tells how long the workers took to start.
  const measuring = running && !scanning && job.ratePerSecond === 0;
  return (
    <div className="import-progress" data-testid="import-progress" data-state={job.state}>
      <progress max={Math.max(1, job.found)} value={scanning ? undefined : processed} />
      <dl className="import-counts">
        <div>
          <dt>{t('import.found')}</dt>
          <dd data-testid="import-found">{job.found}</dd>
        </div>
        <div>
          <dt>{t('import.done')}</dt>
          <dd data-testid="import-done">{job.done}</dd>
        </div>
        <div>
          <dt>{t('import.skipped')}</dt>
          <dd data-testid="import-skipped">{job.skipped}</dd>
        </div>
        <div>
          <dt>{t('import.failed')}</dt>
          <dd data-testid="import-failed">{job.failed}</dd>
        </div>
      </dl>
      <p>
        {scanning ? t('import.scanning', { count: job.found }) : measuring ? t('import.measuring') : t('import.rate', { rate: numberText(job.ratePerSecond, i18n.language) })}
        {running && !scanning && job.etaSeconds !== null ? ` · ${t('import.eta', { seconds: Math.round(job.etaSeconds) })}` : ''}
        {!running && <span data-testid="import-state"> · {t(`import.state.${job.state}`)}</span>}
      </p>
      {job.state === 'failed' && job.message && (
        <p role="alert" className="error-banner" data-testid="import-job-error">
          {jobMessage(job, i18n)}
        </p>
      )}
      {job.state === 'cancelled' && <p>{t('import.cancelledHint')}</p>}
      {running && (
        <button type="button" onClick={onCancel} data-testid="import-cancel">
          {t('import.cancel')}
        </button>
      )}
    </div>
  );
}
