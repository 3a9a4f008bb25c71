import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../../../electron/common/contract/index.js';

/** What a training job counts in each phase that has a count (the job message key names the phase). */
const UNITS: Record<string, 'views' | 'images' | 'epochs'> = {
  augmenting: 'views',
  fineTuneFeatures: 'images',
  training: 'epochs',
  trainingEpoch: 'epochs',
};

/**
 * A running training's bar: augmented views, fine-tuning features or epochs done, and
 * the time left at the pace of the current phase. For epochs it is a most: early
 * stopping may end sooner.
 */
export function TrainProgress({ job }: { job: JobStatus }) {
  const { t } = useTranslation();
  const unit = job.messageKey ? UNITS[job.messageKey] : undefined;
  if (job.state !== 'running' || !unit || job.found <= 0) return null;
  const eta = job.etaSeconds !== null && job.done > 0 && job.done < job.found ? Math.max(1, Math.round(job.etaSeconds)) : null;
  return (
    <p className="learn-progress" data-testid="learn-progress">
      <progress value={job.done} max={job.found} /> {t(`learn.progress.${unit}`, { done: job.done, total: job.found })}
      {eta !== null && <span data-testid="learn-eta"> · {t(unit === 'epochs' ? 'learn.etaAtMost' : 'learn.eta', { seconds: eta })}</span>}
    </p>
  );
}
