import { useEffect, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { useTranslation } from 'react-i18next';

const MIN = 0.25;
const MAX = 16;

/** An image that zooms with the wheel or buttons (around the cursor) and pans by dragging. */
export function ZoomPan({ src, alt }: { src: string; alt: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => setView({ scale: 1, x: 0, y: 0 }), [src]);

  const zoomAt = (factor: number, cx: number, cy: number) =>
    setView((v) => {
      const scale = Math.min(MAX, Math.max(MIN, v.scale * factor));
      const k = scale / v.scale;
      // keep the point under the cursor where it is
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });

  const onWheel = (e: WheelEvent) => {
    const r = box.current!.getBoundingClientRect();
    zoomAt(Math.pow(1.0015, -e.deltaY), e.clientX - r.left - r.width / 2, e.clientY - r.top - r.height / 2);
  };
  const onDown = (e: PointerEvent) => {
    (e.target as Element).setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    if (d) setView((v) => ({ ...v, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }));
  };
  const onUp = () => {
    drag.current = null;
  };

  return (
    <div className="zoompan">
      <div
        ref={box}
        className="zoompan-stage"
        onWheel={onWheel}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        title={t('review.large.zoomHint')}
      >
        <img
          src={src}
          alt={alt}
          draggable={false}
          data-testid="full-image"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <div className="zoompan-controls">
        <button type="button" onClick={() => zoomAt(1.25, 0, 0)} aria-label={t('review.large.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => zoomAt(0.8, 0, 0)} aria-label={t('review.large.zoomOut')}>
          −
        </button>
        <button type="button" onClick={() => setView({ scale: 1, x: 0, y: 0 })}>
          {t('review.large.fit')}
        </button>
        <span className="zoom-level">{Math.round(view.scale * 100)}%</span>
      </div>
    </div>
  );
}
