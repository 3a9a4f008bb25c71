import { useTranslation } from 'react-i18next';
import type { PipelineSwitch } from '../../../../electron/common/contract/index.js';
import { Modal } from '../../components/Modal.js';
import { minutes } from './pipelineText.js';

interface Props {
  /** The server's dry run: what switching would compute, how long (from speed measured here), what to retrain. */
  preview: PipelineSwitch;
  nameOf(id: string): string;
  onCancel(): void;
  onConfirm(): void;
}

/**
 * What switching the feature pipeline would do, before it is done. Every
 * figure is the server's (pipelines.use with dryRun); where the new pipeline
 * was never measured here the dialog says so instead of giving a time.
 */
export function ConfirmPipelineSwitch({ preview, nameOf, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const to = nameOf(preview.pipeline);
  const from = nameOf(preview.previous);
  return (
    <Modal title={t('pipelineSwitch.confirmTitle', { to })} testId="pipeline-confirm">
      <ul>
        <li data-testid="pipeline-confirm-compute">
          {preview.toCompute === 0
            ? t('pipelineSwitch.confirmNothingToCompute', { to })
            : preview.estimatedSeconds === null
              ? t('pipelineSwitch.confirmComputeUnmeasured', { count: preview.toCompute, to })
              : t('pipelineSwitch.confirmComputeTime', { count: preview.toCompute, to, minutes: minutes(preview.estimatedSeconds) })}
        </li>
        <li data-testid="pipeline-confirm-retrain">
          {preview.toRetrain.length === 0
            ? t('pipelineSwitch.confirmNoRetrain')
            : t('pipelineSwitch.confirmRetrain', { count: preview.toRetrain.length, heads: preview.toRetrain.map((h) => `${h.facet} (${h.version})`).join(', '), to })}
        </li>
        {preview.activated.length > 0 && (
          <li data-testid="pipeline-confirm-activated">
            {t('pipelineSwitch.confirmActivated', { count: preview.activated.length, heads: preview.activated.map((h) => `${h.facet}: ${h.version}`).join(', '), to })}
          </li>
        )}
        <li data-testid="pipeline-confirm-kept">{t('pipelineSwitch.confirmKept', { count: preview.keptVectors, from })}</li>
      </ul>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel} data-testid="pipeline-confirm-cancel">
          {t('pipelineSwitch.cancel')}
        </button>
        <button type="button" onClick={onConfirm} data-testid="pipeline-confirm-switch">
          {t('pipelineSwitch.confirm', { to })}
        </button>
      </div>
    </Modal>
  );
}
