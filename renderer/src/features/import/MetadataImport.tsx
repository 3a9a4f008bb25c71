import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput, MatchBy, SheetEncoding } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

const MATCHES: MatchBy[] = ['file-name', 'path', 'sha256', 'identifier'];
const IGNORE = 'ignore';

type Preview = CallOutput<'metadata.preview'>;
type Result = CallOutput<'metadata.import'>;

/**
 * "Impor metadata": an archive's spreadsheet onto imported photos. The path
 * is typed (browser and desktop alike; the desktop has no file picker yet),
 * the first rows and Canting's reading of each column are shown, the person
 * adjusts the mapping and the match key, a dry run says which rows match,
 * and only then "Terapkan" writes (one import, undone as a whole).
 */
export function MetadataImport() {
  const client = useClient();
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [encoding, setEncoding] = useState<'' | SheetEncoding>('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [match, setMatch] = useState<MatchBy>('file-name');
  const [keyColumn, setKeyColumn] = useState('');
  const [dry, setDry] = useState<Result | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  const [undone, setUndone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const guard = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const source = () => ({ csv: csv.trim(), ...(encoding ? { encoding } : {}) });
  const request = (dryRun: boolean) => ({
    ...source(),
    match,
    ...(keyColumn ? { keyColumn } : {}),
    map: Object.fromEntries(preview!.headers.filter((h) => h !== keyColumn).map((h) => [h, mapping[h] || IGNORE])),
    dryRun,
  });

  const load = () =>
    guard(async () => {
      const p = await client.call('metadata.preview', source());
      setPreview(p);
      setMapping(p.suggested);
      setKeyColumn('');
      setDry(null);
      setDone(null);
    });
  const tryIt = () => guard(async () => setDry(await client.call('metadata.import', request(true))));
  const apply = () =>
    guard(async () => {
      setDone(await client.call('metadata.import', request(false)));
      setUndone(false);
      setDry(null);
    });
  const undo = () =>
    guard(async () => {
      await client.call('metadata.undo', { importId: done!.importId! });
      setUndone(true);
    });

  const blocked = !dry || dry.problems.length > 0 || dry.ambiguous.length > 0 || dry.matched.length === 0;
  const changed = () => {
    setDry(null);
    setDone(null);
  };

  return (
    <section className="metadata-import" data-testid="metadata-import" aria-labelledby="metadata-import-title">
      <h4 id="metadata-import-title">{t('metadataImport.title')}</h4>
      <p>{t('metadataImport.intro')}</p>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          {t('metadataImport.pathLabel')}
          <input value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={t('metadataImport.pathPlaceholder')} data-testid="metadata-path" />
        </label>
        <label>
          {t('metadataImport.encoding')}
          <select value={encoding} onChange={(e) => setEncoding(e.target.value as '' | SheetEncoding)} data-testid="metadata-encoding">
            <option value="">{t('metadataImport.encodingAuto')}</option>
            <option value="utf-8">UTF-8</option>
            <option value="windows-1252">Windows-1252 (Excel)</option>
          </select>
        </label>
        <button type="submit" disabled={busy || !csv.trim()} data-testid="metadata-preview">
          {t('metadataImport.preview')}
        </button>
      </form>
      {preview && (
        <>
          <p data-testid="metadata-summary">{t('metadataImport.rows', { count: preview.total, encoding: preview.encoding })}</p>
          <div className="metadata-table">
            <table>
              <thead>
                <tr>
                  {preview.headers.map((h) => (
                    <th key={h}>
                      {h}
                      <br />
                      <select
                        aria-label={t('metadataImport.fieldOf', { column: h })}
                        value={h === keyColumn ? '' : (mapping[h] ?? '')}
                        disabled={h === keyColumn}
                        onChange={(e) => {
                          setMapping({ ...mapping, [h]: e.target.value });
                          changed();
                        }}
                        data-testid={`metadata-map-${h}`}
                      >
                        <option value="">{t('metadataImport.ignore')}</option>
                        {preview.fields.map((f) => (
                          <option key={f} value={f}>
                            {t(`metadataImport.field.${f.startsWith('label:') ? 'label' : f}`, { facet: f.slice(6) })}
                          </option>
                        ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {preview.headers.map((h) => (
                      <td key={h}>{r[h]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="import-form">
            <label>
              {t('metadataImport.match')}
              <select
                value={match}
                onChange={(e) => {
                  setMatch(e.target.value as MatchBy);
                  changed();
                }}
                data-testid="metadata-match"
              >
                {MATCHES.map((m) => (
                  <option key={m} value={m}>
                    {t(`metadataImport.matchBy.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            {match !== 'identifier' && (
              <label>
                {t('metadataImport.keyColumn')}
                <select
                  value={keyColumn}
                  onChange={(e) => {
                    setKeyColumn(e.target.value);
                    changed();
                  }}
                  data-testid="metadata-key-column"
                >
                  <option value="">{t('metadataImport.keyColumnAuto')}</option>
                  {preview.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" disabled={busy} onClick={() => void tryIt()} data-testid="metadata-dry-run">
              {t('metadataImport.dryRun')}
            </button>
            <button type="button" disabled={busy || blocked} title={blocked ? t('metadataImport.applyBlocked') : undefined} onClick={() => void apply()} data-testid="metadata-apply">
              {t('metadataImport.apply')}
            </button>
          </div>
        </>
      )}
      {dry && (
        <div data-testid="metadata-dry-result">
          <p>{t('metadataImport.dryResult', { matched: dry.matched.length, unmatched: dry.unmatched.length, ambiguous: dry.ambiguous.length, fields: dry.fields, hints: dry.hints })}</p>
          <ul className="metadata-rows">
            {dry.unmatched.map((u) => (
              <li key={`u${u.line}`}>{t('metadataImport.unmatchedRow', { line: u.line, key: u.key })}</li>
            ))}
            {dry.ambiguous.map((a) => (
              <li key={`a${a.line}`}>{t('metadataImport.ambiguousRow', { line: a.line, key: a.key, files: a.files.join(', ') })}</li>
            ))}
            {dry.problems.map((p, i) => (
              <li key={`p${i}`}>{t('metadataImport.problemRow', { line: p.line, message: p.key ? t(`metadataImport.problems.${p.key}`, p.params) : p.message })}</li>
            ))}
          </ul>
        </div>
      )}
      {done && (
        <p data-testid="metadata-done">
          {t(undone ? 'metadataImport.undone' : 'metadataImport.done', { id: done.importId, fields: done.fields, hints: done.hints })}{' '}
          {!undone && (
            <button type="button" disabled={busy} onClick={() => void undo()} data-testid="metadata-undo">
              {t('metadataImport.undo')}
            </button>
          )}
        </p>
      )}
      {error && <ErrorBanner testId="metadata-error">{error}</ErrorBanner>}
    </section>
  );
}
