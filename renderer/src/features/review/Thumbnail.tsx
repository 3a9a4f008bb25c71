import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThumbnailStore } from './thumbnails.js';

/** One lazily fetched thumbnail; a placeholder while loading or when it cannot be read. */
export function Thumbnail({ id, store, alt }: { id: number; store: ThumbnailStore; alt: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | undefined>(() => store.peek(id));
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    setFailed(false);
    const cached = store.peek(id);
    if (cached) {
      setUrl(cached);
      return;
    }
    setUrl(undefined);
    store.load(id).then(
      (u) => alive && setUrl(u),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [id, store]);

  if (failed) return <div className="thumb thumb-failed" data-testid="thumb-failed">{t('review.cell.noThumbnail')}</div>;
  if (!url) return <div className="thumb thumb-loading" aria-busy="true" />;
  return <img className="thumb" src={url} alt={alt} draggable={false} />;
}
