import type { ReactNode } from 'react';

/** A problem the user must see above the current screen (an alert, so screen readers announce it). */
export function ErrorBanner({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p role="alert" className="error-banner" data-testid={testId}>
      {children}
    </p>
  );
}
