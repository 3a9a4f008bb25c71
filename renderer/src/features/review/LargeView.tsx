import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { ZoomPan } from '../../components/ZoomPan.js';
import { usePermissions } from '../../components/permissions.js';
import type { GridItem, ImageView, ReviewApi } from './types.js';
import type { ThumbnailStore } from './thumbnails.js';
import { Thumbnail } from './Thumbnail.js';
import { HistoryList } from './HistoryList.js';
import { KnowledgeCard } from './KnowledgeCard.js';
import { formatConfidence } from './GridCell.js';

export interface LargeViewProps {
  api: ReviewApi;
  facet: string;
  item: GridItem;
  labels: Label[];
  labelName(k: string | null): string;
  thumbnails: ThumbnailStore;
  /** Bumped after every decision so details and history are re-read. */
  version: number;
  onClose(): void;
  onPrev(): void;
  onNext(): void;
  /** Tells the validator what happened to a note left unsaved when the view moved on or closed. */
  onMessage?(text: string, error?: boolean): void;
}

/** A note typed but not saved, with the image (and facet) it was typed for. */
interface UnsavedNote {
  id: number;
  facet: string;
  fileName: string;
  text: string;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The large view of the focused image with everything a validator needs to decide. */
export function LargeView({ api, facet, item, labelName, thumbnails, version, onClose, onPrev, onNext, onMessage }: LargeViewProps) {
  const { t, i18n } = useTranslation();
  const noteDenied = usePermissions()('note');
  const [detail, setDetail] = useState<ImageView | null>(null);
  const [fullUrl, setFullUrl] = useState<string | null>(null);
  const [fullFailed, setFullFailed] = useState(false);
  const [note, setNote] = useState('');
  const [noteState, setNoteState] = useState<'clean' | 'dirty' | 'saved'>('clean');
  const [error, setError] = useState<string | null>(null);
  // Bumped after a note is saved, so the history shows the new entry at once.
  const [saves, setSaves] = useState(0);

  // The note being typed survives a refresh of the details. Moving to another
  // image (or closing the view) saves it for the image it was typed for, so it
  // is never dropped; if that save fails, the text waits in `drafts` and comes
  // back when the validator returns to the image.
  const unsaved = useRef<UnsavedNote | null>(null);
  const drafts = useRef(new Map<number, string>());
  const noteFor = useRef(item.id);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const keepNote = useRef<(u: UnsavedNote) => void>(() => {});
  keepNote.current = (u) => {
    api.setNote(u.id, u.facet, u.text).then(
      () => onMessage?.(t('review.large.noteKept', { file: u.fileName })),
      (err: Error) => {
        drafts.current.set(u.id, u.text);
        onMessage?.(t('review.large.noteNotKept', { file: u.fileName, message: err.message }), true);
      },
    );
  };
  useEffect(
    () => () => {
      if (unsaved.current) keepNote.current(unsaved.current);
    },
    [],
  );

  useEffect(() => {
    let alive = true;
    if (noteFor.current !== item.id) {
      noteFor.current = item.id;
      if (unsaved.current) keepNote.current(unsaved.current);
      const draft = drafts.current.get(item.id);
      drafts.current.delete(item.id);
      unsaved.current = draft === undefined ? null : { id: item.id, facet, fileName: item.fileName, text: draft };
      if (draft !== undefined) setNote(draft);
      setNoteState(draft === undefined ? 'clean' : 'dirty');
    }
    api.image(item.id, facet).then(
      (d) => {
        if (!alive) return;
        setDetail(d);
        setError(null);
        if (!unsaved.current) setNote(d.note ?? '');
      },
      (err: Error) => alive && setError(err.message),
    );
    return () => {
      alive = false;
    };
  }, [api, facet, item.id, item.fileName, version, saves]);

  useEffect(() => {
    let alive = true;
    let url: string | null = null;
    setFullUrl(null);
    setFullFailed(false);
    if (item.missing) return;
    api.full(item.id).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (alive) setFullUrl(url);
        else URL.revokeObjectURL(url);
      },
      () => alive && setFullFailed(true),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, item.id, item.missing]);

  const saveNote = async () => {
    try {
      await api.setNote(item.id, facet, note);
      unsaved.current = null;
      setNoteState('saved');
      setSaves((n) => n + 1);
      // Saved: the keyboard goes back to reviewing.
      noteBox.current?.blur();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const shownLabel = detail?.label ?? item.label;
  const fields: [string, string | null | undefined][] = detail
    ? [
        ['file', detail.fileName],
        ['path', `${detail.rootPath} / ${detail.relPath}`],
        ['dimensions', `${detail.width} × ${detail.height}`],
        ['format', detail.format],
        ['size', formatBytes(detail.sizeBytes)],
        ['captured', detail.capturedAt],
        ['camera', detail.camera],
        ['imported', new Date(detail.importedAt).toLocaleString(i18n.language)],
        ['description', detail.description],
        ['copyright', detail.copyright],
        ['status', t(`review.status.${detail.status}`)],
        ['model', detail.modelVersion],
        ['confidence', detail.confidence === null ? null : `${Math.round(detail.confidence * 100)}%`],
        ['validator', detail.validator],
        ['hint', detail.hint ? labelName(detail.hint) : null],
      ]
    : [];

  return (
    <aside className="large-view" data-testid="large-view" aria-label={t('review.large.title')}>
      <header className="large-header">
        <h2 title={item.fileName}>{item.fileName}</h2>
        <span className={`label-chip status-${item.status}`}>
          <span className="status-mark" aria-hidden="true" />
          {item.status === 'rejected' ? t('review.status.rejected') : labelName(shownLabel)} · {t(`review.status.${item.status}`)}
        </span>
        <span className="spacer" />
        <button type="button" onClick={onPrev} aria-label={t('review.large.prev')}>
          ‹
        </button>
        <button type="button" onClick={onNext} aria-label={t('review.large.next')}>
          ›
        </button>
        <button type="button" onClick={onClose} data-testid="large-close">
          {t('review.large.close')}
        </button>
      </header>
      {error && <p className="error-text">{t('review.messages.error', { message: error })}</p>}
      <div className="large-image">
        {item.missing ? (
          <div className="thumb-missing large" data-testid="missing-file">
            <strong>{t('review.cell.missing')}</strong>
            <span>{t('review.cell.relinkHint')}</span>
          </div>
        ) : fullUrl ? (
          <ZoomPan src={fullUrl} alt={item.fileName} />
        ) : fullFailed ? (
          <p className="error-text">{t('review.large.fullFailed')}</p>
        ) : (
          <p className="muted">{t('review.grid.loading')}</p>
        )}
      </div>
      <div className="large-panels">
        <section>
          <h3>{t('review.large.predictions')}</h3>
          {detail && detail.topk.length > 0 ? (
            <ul className="topk" data-testid="topk">
              {detail.topk.map((p) => (
                <li key={p.label}>
                  <span className="topk-name">
                    {p.name ?? labelName(p.label)}
                  </span>
                  <span className="bar">
                    <span className="bar-fill" style={{ width: `${Math.round(p.p * 100)}%` }} />
                  </span>
                  <span className="topk-p">{Math.round(p.p * 100)}%</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('review.large.noPredictions')}</p>
          )}
          {item.uncertainty !== null && (
            <p className="muted uncertainty-note" data-testid="large-uncertainty">
              {t('review.large.uncertainty', { value: formatConfidence(item.uncertainty) })}
            </p>
          )}
        </section>
        {/* mounted even without a label, so an edit in progress survives stepping over a rejected image */}
        <KnowledgeCard api={api} label={shownLabel ?? null} labelName={labelName} offerCreate={facet === 'motif'} />
        <section>
          <h3>{t('review.large.note')}</h3>
          <textarea
            ref={noteBox}
            data-testid="note"
            rows={3}
            value={note}
            readOnly={noteDenied !== undefined}
            title={noteDenied}
            placeholder={t('review.large.notePlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void saveNote();
            }}
            onChange={(e) => {
              setNote(e.target.value);
              // Typed back to what is stored: nothing left to keep.
              const same = detail !== null && e.target.value.trim() === (detail.note ?? '');
              unsaved.current = same ? null : { id: item.id, facet, fileName: item.fileName, text: e.target.value };
              setNoteState(same ? 'clean' : 'dirty');
            }}
          />
          <button type="button" onClick={() => void saveNote()} disabled={noteState !== 'dirty' || noteDenied !== undefined} title={noteDenied} data-testid="save-note">
            {noteState === 'saved' ? t('review.large.noteSaved') : t('review.large.saveNote')}
          </button>
        </section>
        <section>
          <h3>{t('review.large.duplicates')}</h3>
          {detail && detail.duplicates.length > 0 ? (
            <ul className="dups" data-testid="duplicates">
              {detail.duplicates.map((d) => (
                <li key={d.id} title={d.fileName}>
                  {d.hasThumbnail ? <Thumbnail id={d.id} store={thumbnails} alt={d.fileName} /> : <div className="thumb thumb-failed" />}
                  <span>{d.fileName}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('review.large.noDuplicates')}</p>
          )}
        </section>
        <section>
          <h3>{t('review.large.metadata')}</h3>
          <dl className="metadata">
            {fields
              .filter(([, v]) => v)
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{t(`review.large.fields.${k}`)}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
          </dl>
        </section>
        <section>
          <h3>{t('review.large.history')}</h3>
          <HistoryList entries={detail?.history ?? []} labelName={labelName} />
        </section>
      </div>
    </aside>
  );
}
