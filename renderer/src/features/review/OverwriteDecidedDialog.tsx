import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal.js';

export interface OverwriteDecidedDialogProps {
  /** Selected items a person already decided, which the bulk action would change. */
  decided: number;
  total: number;
  onKeep(): void;
  onOverwrite(): void;
  onCancel(): void;
}

/**
 * Asked before a bulk action that would replace people's decisions. Leaving
 * them alone is the default (it has the focus, so Enter chooses it).
 */
export function OverwriteDecidedDialog({ decided, total, onKeep, onOverwrite, onCancel }: OverwriteDecidedDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal title={t('review.protect.title')} testId="overwrite-decided">
      <p>{t('review.protect.question', { count: decided, total })}</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel} data-testid="overwrite-cancel">
          {t('review.protect.cancel')}
        </button>
        <button type="button" className="danger" onClick={onOverwrite} data-testid="overwrite-decided-yes">
          {t('review.protect.overwrite')}
        </button>
        <button type="button" className="primary" onClick={onKeep} data-testid="overwrite-decided-keep" autoFocus>
          {t('review.protect.keep')}
        </button>
      </div>
    </Modal>
  );
}
