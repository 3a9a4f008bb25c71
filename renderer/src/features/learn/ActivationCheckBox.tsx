import { useTranslation } from 'react-i18next';
import type { ActivationCheck } from '../../../../electron/common/contract/learn.js';
import { comparedScores, pct, scoreText } from './score.js';

/**
 * What activating a version would do, shown before it is done: its score on
 * the evaluation set beside the active model's, how many labels of the
 * unreviewed images it would change and into what, and warnings (worse,
 * untested, lopsided training). Nothing is activated until confirmed.
 */
export function ActivationCheckBox({ check, onConfirm, onCancel }: { check: ActivationCheck; onConfirm: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const name = (key: string) => check.labelNames[key] ?? key;
  const version = check.candidate.version;
  const { comparison: cmp, shift } = check;
  return (
    <div className="learn-activation-check" role="dialog" aria-labelledby="learn-check-title" data-testid="learn-activation-check">
      <h4 id="learn-check-title">{t('learn.check.title', { version })}</h4>
      <p data-testid="learn-check-evaluation">{t('learn.check.evaluation', { score: scoreText(t, check.evaluation, lang) })}</p>
      {cmp && (
        <p data-testid="learn-check-compare">
          {t('learn.check.compare', comparedScores(t, cmp, lang))}
        </p>
      )}
      {shift && (
        <p data-testid="learn-check-shift">
          {shift.changed
            ? t('learn.check.shift', {
                version,
                percent: Math.round((shift.changed / shift.images) * 100),
                changed: shift.changed,
                images: shift.images,
                transitions: shift.transitions
                  .slice(0, 6)
                  .map((x) => `${name(x.from)} → ${name(x.to)} ${x.count}`)
                  .join(', '),
              })
            : shift.images === 0
              ? t('learn.check.noUnreviewed')
              : t('learn.check.noShift', { version, images: shift.images })}
        </p>
      )}
      <ul className="learn-warnings">
        {check.warnings.includes('worse') && (
          <li role="alert" data-testid="learn-check-worse">
            {t('learn.check.worse', { version, active: check.active?.version ?? '' })}
          </li>
        )}
        {check.pipeline && (
          <li role="alert" data-testid="learn-check-pipeline">
            {t('pipelineSwitch.checkPipeline', { version, needs: check.pipeline.needs, catalogue: check.pipeline.catalogue })}
          </li>
        )}
        {check.warnings.includes('untested') && (
          <li role="alert" data-testid="learn-check-untested">
            {t('learn.check.untested', { version })}
          </li>
        )}
        {check.imbalance.map((x) => (
          <li key={x.label} role="alert" data-testid="learn-check-imbalance">
            {t('learn.check.imbalance', { label: name(x.label), trained: pct(x.trainedShare, lang), expected: pct(x.expectedShare, lang) })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onConfirm} data-testid="learn-activate-confirm">
        {t(check.warnings.length ? 'learn.check.confirmAnyway' : 'learn.check.confirm')}
      </button>
      <button type="button" onClick={onCancel} data-testid="learn-activate-cancel">
        {t('learn.check.cancel')}
      </button>
    </div>
  );
}
