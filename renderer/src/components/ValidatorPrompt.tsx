import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.js';

/** Asks who is validating; every decision is recorded under this name. */
export function ValidatorPrompt({ initial, onSave, onCancel }: { initial: string; onSave(name: string): void; onCancel?(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  return (
    <Modal title={t('review.validator.title')} testId="validator-prompt">
      <p>{t('review.validator.body')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSave(name.trim());
        }}
      >
        <input
          autoFocus
          data-testid="validator-name"
          aria-label={t('review.validator.placeholder')}
          placeholder={t('review.validator.placeholder')}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="dialog-buttons">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t('review.knowledge.cancel')}
            </button>
          )}
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t('review.validator.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
