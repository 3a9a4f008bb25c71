import { useCallback, useEffect, useState } from 'react';

export interface ReviewMessage {
  text: string;
  error?: boolean;
}

/** How long a message of the review screen stays up. */
const SHOWN_MS = 4000;

/** The review screen's one passing message (a toast): `say` replaces it; it goes after a few seconds. */
export function useReviewMessage() {
  const [message, setMessage] = useState<ReviewMessage | null>(null);
  const say = useCallback((text: string, error = false) => setMessage({ text, error }), []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return { message, say };
}
