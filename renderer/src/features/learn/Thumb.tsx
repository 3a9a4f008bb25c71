import { useEffect, useState } from 'react';
import { useClient } from '../../api/context.js';

/** An image's cached thumbnail (blank while loading or when it has none). */
export function Thumb({ id, alt }: { id: number; alt: string }) {
  const client = useClient();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.call('image.thumbnail', { id }).then(
      (t) => live && setSrc(`data:${t.mime};base64,${t.base64}`),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  return src ? <img className="learn-thumb" src={src} alt={alt} width={64} height={64} /> : <span className="learn-thumb" aria-hidden="true" />;
}
