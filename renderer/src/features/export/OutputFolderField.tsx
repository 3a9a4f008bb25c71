import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/context.js';

interface Props {
  value: string;
  onChange: (folder: string) => void;
  testId: string;
  placeholder: string;
  /** The panel's way of running an action (shows its errors). */
  run: (work: () => Promise<void>) => Promise<void>;
}

/** An export's output folder: typed (browser mode, the loopback server is the user's machine) or chosen with the app's folder picker. */
export function OutputFolderField({ value, onChange, testId, placeholder, run }: Props) {
  const client = useClient();
  const { t } = useTranslation();
  const choose = () =>
    void run(async () => {
      const [folder] = (await client.shell?.pickFolders()) ?? [];
      if (folder) onChange(folder);
    });
  return (
    <div className="export-folder">
      <label className="export-field">
        {t('export.training.folder')}
        <input data-testid={testId} type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      </label>
      {client.shell && (
        <button type="button" onClick={choose}>
          {t('export.training.choose')}
        </button>
      )}
    </div>
  );
}
