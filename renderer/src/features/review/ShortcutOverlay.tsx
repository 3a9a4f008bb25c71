import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './keymap.js';

/** The `?` overlay: every shortcut the grid reacts to, from the same table the key handler uses. */
export function ShortcutOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcut-title" data-testid="shortcut-overlay" onClick={onClose}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <h2 id="shortcut-title">{t('review.keys.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{t(s.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t('review.keys.mouse')}</p>
        <button type="button" onClick={onClose}>
          {t('review.large.close')}
        </button>
      </div>
    </div>
  );
}
