import type { ReactNode } from 'react';

/** A centred dialog over a dimmed page. */
export function Modal({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
      <div className="overlay-card">
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
