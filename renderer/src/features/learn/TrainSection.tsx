import { useTranslation } from 'react-i18next';
import type { FirstModelStatus } from '../../../../electron/common/contract/index.js';
import { disabledReason } from '../../components/disabledReason.js';
import { jobMessage } from '../../components/jobMessage.js';
import { FirstModelProgress } from '../review/FirstModelBanner.js';
import { TrainChart } from './TrainChart.js';
import { TrainProgress } from './TrainProgress.js';
import { ownSplitScore, pct, scoreText } from './score.js';
import type { Training } from './useTraining.js';

interface Props {
  training: Training;
  /** The facet's readiness (reviewed examples per label against the trainer's minimum), or null while unknown. */
  status: FirstModelStatus | null;
  /** Whether the facet has versions (without, the versions section shows the first model's progress instead). */
  hasVersions: boolean;
}

/** Train a new version of the facet: options, start and cancel, live progress and epochs, and the result with its notes. */
export function TrainSection({ training, status, hasVersions }: Props) {
  const { t, i18n } = useTranslation();
  const { job, running, history, result } = training;
  const shortOfExamples = status !== null && !status.ready;
  // Greyed-out controls say why (as their title; too few examples is also written out below Train).
  const whileTraining = running ? t('learn.disabled.training') : undefined;
  const trainBlocked = disabledReason(
    [running, t('learn.disabled.training')],
    [shortOfExamples, status && status.labels.length < 2 ? t('learn.trainNeedsLabels') : t('learn.trainNeedsExamples', { count: status?.minPerLabel ?? 0 })],
  );

  return (
    <div className="learn-train">
      <button
        type="button"
        onClick={() => void training.train()}
        disabled={trainBlocked !== undefined}
        title={trainBlocked}
        aria-describedby={shortOfExamples ? 'learn-train-blocked' : undefined}
        data-testid="learn-train"
      >
        {t('learn.train')}
      </button>
      <label>
        <input type="checkbox" checked={training.augment} onChange={(e) => training.setAugment(e.target.checked)} disabled={running} title={whileTraining} /> {t('learn.augment')}
      </label>
      {running && job && (
        <button type="button" onClick={training.cancel} data-testid="learn-cancel">
          {t('learn.cancel')}
        </button>
      )}
      {training.nativeBackend ? (
        <label>
          <input
            type="checkbox"
            checked={training.fineTune}
            onChange={(e) => training.setFineTune(e.target.checked)}
            disabled={running}
            title={whileTraining}
            data-testid="learn-fine-tune"
          />{' '}
          {t('learn.fineTune')}
        </label>
      ) : null}
      {shortOfExamples && status && (
        <p className="learn-hint" id="learn-train-blocked" data-testid="learn-train-blocked">
          {status.labels.length < 2 ? t('learn.trainNeedsLabels') : t('learn.trainNeedsExamples', { count: status.minPerLabel })}
          {/* a facet without versions shows the same progress below, with its first model */}
          {hasVersions && status.labels.length >= 2 && (
            <>
              {' '}
              <FirstModelProgress status={status} />
            </>
          )}
        </p>
      )}
      <p className="learn-hint" data-testid="learn-hint">
        {t(training.nativeBackend ? 'learn.fineTuneHint' : 'learn.headOnly')}
      </p>
      {job && (
        <p data-testid="learn-status">
          {running ? (jobMessage(job, i18n) ?? t('learn.starting')) : t(`learn.state.${job.state}`, { defaultValue: job.state })}
          {job.state === 'failed' && job.message ? `: ${jobMessage(job, i18n)}` : ''}
          {job.state === 'cancelled' ? ` — ${t('learn.cancelledHint')}` : ''}
        </p>
      )}
      {job && <TrainProgress job={job} />}
      {history.length > 0 && <TrainChart history={history} />}
      {result && (
        <p data-testid="learn-result">
          {t('learn.result', {
            version: result.version.version,
            val: ownSplitScore(result.version) ? scoreText(t, ownSplitScore(result.version)!, i18n.language) : pct(result.version.accuracy, i18n.language),
            train: pct(result.version.trainAccuracy, i18n.language),
            seconds: result.seconds,
          })}
          {result.notes.map((n) => (
            <span key={n.message} className="learn-note">
              <br />
              {t(`trainNotes.${n.messageKey}`, { ...n.params, defaultValue: n.message })}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
